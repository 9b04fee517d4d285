"""What the events app holds about a member, found by their email address."""

from __future__ import annotations

from apps.events import retention, services
from apps.events.models import KIND_TITLES


def export_member_data(user) -> dict:
    """Every event submission made with the member's email, with all its fields."""
    items = []
    for submission in retention.member_submissions(user.email):
        fields = {
            field.name: getattr(submission, field.name)
            for field in submission._meta.concrete_fields
            if field.name not in {"id", "event", "token", "decided_by", "checked_in_by", "confirm_sends"}
        }
        items.append(
            {
                "form": KIND_TITLES[submission.KIND],
                "event": submission.event.name,
                **{k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in fields.items()},
            }
        )
    return {"event_submissions": items}


def erase_member_data(user) -> None:
    """Delete the member's submissions (a held seat goes to the waiting list first)."""
    for submission in retention.member_submissions(user.email):
        services.submission_erase(submission=submission)
