"""The badges a member earns by learning (asked by profiles.services.badges_evaluate)."""

from __future__ import annotations

from apps.learning.models import Certificate, LessonProgress
from apps.profiles.models import Badge


def badges_earned(*, member) -> set[str]:
    earned = set()
    if LessonProgress.objects.filter(user=member).exists():
        earned.add(Badge.FIRST_LESSON)
    if Certificate.objects.filter(user=member, revoked_at__isnull=True).exists():
        earned.add(Badge.COURSE_COMPLETE)
    return earned
