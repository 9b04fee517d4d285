"""The badge a member earns by completing a program (asked by profiles.services.badges_evaluate)."""

from __future__ import annotations

from apps.profiles.models import Badge
from apps.programs.models import CohortMembership


def badges_earned(*, member) -> set[str]:
    if CohortMembership.objects.filter(user=member, status=CohortMembership.Status.COMPLETED).exists():
        return {Badge.PROGRAM_COMPLETE}
    return set()
