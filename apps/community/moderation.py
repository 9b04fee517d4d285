"""Staff moderation: hide, restore, warn, ban from posting, dismiss; each resolves the open
reports on the post or comment and is logged."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.community.models import Comment, ModerationAction, Post, PostingBan, Report
from apps.community.selectors import comments_changed
from apps.notifications.services import notify

MODERATION_ACTIONS = ("hide", "restore", "warn", "ban", "dismiss")


def _resolve_reports(*, staff, resolution: str, post: Post | None, comment: Comment | None) -> None:
    target = {"post": post} if post is not None else {"comment": comment}
    Report.objects.filter(status=Report.Status.OPEN, **target).update(
        status=Report.Status.RESOLVED, resolution=resolution, resolved_by=staff, resolved_at=timezone.now()
    )


@transaction.atomic
def moderation_apply(
    *, staff, action: str, post: Post | None = None, comment: Comment | None = None, note: str = ""
) -> ModerationAction:
    """Hide, restore, warn the author, ban the author from posting, or dismiss the reports on
    a post or comment. Open reports on it are resolved with the action."""
    if action not in MODERATION_ACTIONS:
        raise ValidationError("Unknown moderation action.")
    target = post if post is not None else comment
    author = target.author
    if action in {"hide", "ban"}:
        type(target).objects.filter(pk=target.pk).update(is_hidden=True)
    elif action == "restore":
        type(target).objects.filter(pk=target.pk).update(is_hidden=False)
    if comment is not None:
        comments_changed(post_ids=[comment.post_id])
    noun = "post" if post is not None else "comment"
    if author is not None and action in {"hide", "warn", "ban"}:
        verbs = {
            "hide": f"Moderators hid your {noun}",
            "warn": f"Moderators warned you about your {noun}",
            "ban": "Moderators banned you from posting and commenting",
        }
        verb = verbs[action] + (f": {note}" if note else ".")
        notify(recipient=author, kind="moderation", verb=verb, target=target, url=target.get_absolute_url())
    if action == "ban" and author is not None:
        PostingBan.objects.get_or_create(member=author, defaults={"reason": note, "created_by": staff})
    _resolve_reports(staff=staff, resolution=action, post=post, comment=comment)
    return ModerationAction.objects.create(
        staff=staff, member=author, action=action, post=post, comment=comment, note=note[:300]
    )


@transaction.atomic
def posting_ban_lift(*, staff, member) -> None:
    PostingBan.objects.filter(member=member).delete()
    ModerationAction.objects.create(staff=staff, member=member, action=ModerationAction.Action.UNBAN)
