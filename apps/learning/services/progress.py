"""Enrolment, lessons read, exercises passed, and course completion.

A course is complete when every *required* lesson is read and every *required* exercise has
a passing attempt (on any of its versions). Completing it issues the certificate."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from apps.learning.models import Attempt, Course, Enrollment, Exercise, Lesson, LessonProgress


@transaction.atomic
def enrollment_create(*, user, course: Course) -> Enrollment:
    """Enrol `user` in `course` (idempotent: enrolling twice keeps the first enrolment)."""
    enrollment, _created = Enrollment.objects.get_or_create(user=user, course=course)
    return enrollment


def enrollment_visit(
    *, user, course: Course, lesson: Lesson | None = None, exercise: Exercise | None = None
) -> None:
    """Remember the item `user` opened, for "continue where you left off" (enrolled only)."""
    Enrollment.objects.filter(user=user, course=course).update(
        last_lesson=lesson, last_exercise=exercise, last_seen_at=timezone.now()
    )


def required_items_remaining(*, user, course: Course) -> int:
    """How many required lessons and exercises `user` still has to finish in `course`."""
    lessons = Lesson.objects.filter(module__course=course, required=True).exclude(progress__user=user).count()
    passed = Attempt.objects.filter(user=user, verdict=Attempt.Verdict.PASSED).values("exercise")
    exercises = Exercise.objects.filter(module__course=course, required=True).exclude(pk__in=passed).count()
    return lessons + exercises


@transaction.atomic
def course_completion_check(*, user, course: Course):
    """Mark the enrolment complete and issue the certificate once nothing required is left.
    Returns the certificate issued now, or None."""
    from apps.learning.services.certificates import certificate_issue

    enrollment = Enrollment.objects.select_for_update().filter(user=user, course=course).first()
    if enrollment is None or enrollment.completed_at is not None:
        return None
    if required_items_remaining(user=user, course=course):
        return None
    enrollment.completed_at = timezone.now()
    enrollment.save(update_fields=["completed_at"])
    return certificate_issue(user=user, course=course)


@transaction.atomic
def lesson_complete(*, user, lesson: Lesson) -> bool:
    """Mark `lesson` read by `user` (enrolling them if needed). Returns whether it was new."""
    from apps.learning.services.rewards import reward_lesson

    course = lesson.module.course
    enrollment_create(user=user, course=course)
    _progress, created = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    if created:
        reward_lesson(user=user, lesson=lesson)
        course_completion_check(user=user, course=course)
    return created
