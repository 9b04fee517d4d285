"""The badges a member earns through the showcase. The profiles app, which keeps the badges,
asks each app's `badges.py` when it evaluates a member (see `profiles.services.badges_evaluate`)."""

from __future__ import annotations

from apps.profiles.models import Badge
from apps.projects.selectors import project_stats_for_member

LIKES_FOR_BADGE = 10


def badges_earned(*, member) -> set[str]:
    stats = project_stats_for_member(member=member)
    earned = set()
    if stats.created >= 1:
        earned.add(Badge.FIRST_PROJECT)
    if stats.liked >= LIKES_FOR_BADGE:
        earned.add(Badge.TEN_LIKED)
    if stats.likes_received >= LIKES_FOR_BADGE:
        earned.add(Badge.CROWD_FAVOURITE)
    return earned
