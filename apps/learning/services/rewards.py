"""Points, badges and notifications for learning, through the profiles ledger and notify()."""

from __future__ import annotations

from django.urls import reverse

from apps.notifications.services import notify
from apps.profiles.services import points_award


def reward_lesson(*, user, lesson) -> None:
    points_award(member=user, reason="lesson_complete", source=lesson)


def reward_exercise(*, user, exercise) -> None:
    points_award(member=user, reason="exercise_pass", source=exercise)


def reward_course(*, user, certificate) -> None:
    points_award(member=user, reason="course_complete", source=certificate.course)
    notify(
        recipient=user,
        kind="learning",
        verb=f"you completed {certificate.course_title}: your certificate {certificate.number} is ready",
        target=certificate,
        url=reverse("certificates:certificate-detail", args=[certificate.number]),
    )
