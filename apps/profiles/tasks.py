from __future__ import annotations

from django.contrib.auth import get_user_model
from huey.contrib.djhuey import db_task


@db_task(retries=2, retry_delay=30)
def badges_evaluate_task(member_id: int) -> int:
    """Award the badges a member has earned; returns how many were new."""
    from apps.profiles.services import badges_evaluate

    member = get_user_model().objects.filter(pk=member_id).first()
    if member is None:
        return 0
    return len(badges_evaluate(member=member))
