"""Live channels of events (apps.core.live), for staff pages only: "checkin:<event id>"
(someone was let in). An export's progress is apps.exports' channel."""

from __future__ import annotations

from apps.core.permissions import is_verified_staff


def staff_only(user, key: str) -> bool:
    """Staff who passed the second factor in this session, like every staff page."""
    return key.isdigit() and is_verified_staff(user)


def check_in_channel(event_id: int) -> str:
    return f"checkin:{event_id}"


CHANNELS = {"checkin": staff_only}
