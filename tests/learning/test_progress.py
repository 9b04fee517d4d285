"""Enrolment, lessons read, exercises passed, completion counting only required items, and
the rewards that go with them."""

from __future__ import annotations

import pytest

from apps.learning.models import Attempt, Certificate, Enrollment, LessonProgress
from apps.learning.services import (
    attempt_record,
    enrollment_create,
    lesson_complete,
    required_items_remaining,
)
from apps.notifications.models import Notification
from apps.profiles.models import BadgeAward, PointsEntry
from apps.profiles.services import badges_evaluate
from tests.accounts.factories import UserFactory
from tests.learning.factories import (
    CourseFactory,
    ExerciseFactory,
    LessonFactory,
    ModuleFactory,
    failed_result,
    passed_result,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = CourseFactory(title="Python Foundations")
    module = ModuleFactory(course=course)
    LessonFactory(module=module, position=1)
    LessonFactory(module=module, position=2)
    ExerciseFactory(module=module, position=3)
    LessonFactory(module=module, position=4, required=False)
    return course


def _attempt(user, exercise, result):
    attempt = Attempt.objects.create(user=user, exercise=exercise, version=exercise.current_version, code="x")
    return attempt_record(attempt=attempt, result=result)


def _lessons(course, required=True):
    return list(course.modules.first().lessons.filter(required=required).order_by("position"))


def test_enrolling_twice_keeps_one_enrolment(course):
    member = UserFactory()
    first = enrollment_create(user=member, course=course)
    assert enrollment_create(user=member, course=course) == first
    assert Enrollment.objects.filter(user=member).count() == 1


def test_reading_a_lesson_enrols_and_counts_once(course):
    member = UserFactory()
    lesson = _lessons(course)[0]
    assert lesson_complete(user=member, lesson=lesson) is True
    assert lesson_complete(user=member, lesson=lesson) is False
    assert Enrollment.objects.filter(user=member, course=course).exists()
    assert LessonProgress.objects.filter(user=member).count() == 1
    assert PointsEntry.objects.filter(member=member, reason="lesson_complete").count() == 1


def test_a_failed_attempt_does_not_count(course):
    member = UserFactory()
    exercise = course.modules.first().exercises.first()
    _attempt(member, exercise, failed_result())
    assert required_items_remaining(user=member, course=course) == 3


def test_completion_needs_only_required_items_and_issues_one_certificate(
    course, django_capture_on_commit_callbacks
):
    member = UserFactory(first_name="Ada", last_name="Lovelace")
    exercise = course.modules.first().exercises.first()
    for lesson in _lessons(course):
        lesson_complete(user=member, lesson=lesson)
    assert not Certificate.objects.filter(user=member).exists()
    with django_capture_on_commit_callbacks(execute=True):
        _attempt(member, exercise, passed_result())
    certificate = Certificate.objects.get(user=member, course=course)
    assert certificate.recipient_name == "Ada Lovelace" and certificate.course_title == "Python Foundations"
    assert Enrollment.objects.get(user=member, course=course).completed_at is not None
    # The optional lesson was never read, and passing again issues nothing new.
    _attempt(member, exercise, passed_result())
    assert Certificate.objects.filter(user=member).count() == 1
    notification = Notification.objects.get(recipient=member, kind="learning")
    assert notification.summary == f"You completed Python Foundations: your certificate {certificate.number} is ready"
    assert PointsEntry.objects.filter(member=member, reason="course_complete").count() == 1
    assert PointsEntry.objects.filter(member=member, reason="exercise_pass").count() == 1


def test_badges_for_first_lesson_and_a_completed_course(course):
    member = UserFactory()
    lesson_complete(user=member, lesson=_lessons(course)[0])
    badges_evaluate(member=member)
    assert set(BadgeAward.objects.filter(member=member).values_list("badge", flat=True)) >= {"first_lesson"}
    for lesson in _lessons(course):
        lesson_complete(user=member, lesson=lesson)
    _attempt(member, course.modules.first().exercises.first(), passed_result())
    badges_evaluate(member=member)
    assert "course_complete" in set(BadgeAward.objects.filter(member=member).values_list("badge", flat=True))


def test_an_exercise_passed_on_an_older_version_still_counts(course):
    from apps.learning.services import exercise_save

    member = UserFactory()
    exercise = course.modules.first().exercises.first()
    _attempt(member, exercise, passed_result())
    exercise_save(
        exercise=exercise,
        content={
            "instructions": "New text",
            "starter_code": "",
            "visible_tests": "def test_x():\n    pass\n",
            "solution": "x = 1\n",
        },
    )
    exercise.refresh_from_db()
    assert exercise.current_version.number == 2
    for lesson in _lessons(course):
        lesson_complete(user=member, lesson=lesson)
    assert Certificate.objects.filter(user=member, course=course).exists()
