"""The mentor can be asked about a lesson or an exercise, and for an exercise it reads the
asking member's own last submission (never someone else's, never the hidden tests)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.learning.models import Attempt
from apps.mentor.content import context_get
from apps.mentor.forms import parse_context_param
from tests.accounts.factories import UserFactory
from tests.learning.factories import (
    CourseFactory,
    ExerciseFactory,
    LessonFactory,
    ModuleFactory,
    failed_result,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def exercise():
    return ExerciseFactory(
        module=ModuleFactory(course=CourseFactory(title="Python Basics")), title="Add two numbers"
    )


def test_exercise_context_carries_the_members_last_submission(exercise):
    member, other = UserFactory(), UserFactory()
    Attempt.objects.create(
        user=member,
        exercise=exercise,
        version=exercise.current_version,
        code="def add(a, b):\n    return a - b\n",
        status="done",
        verdict="failed",
        summary="0 of 1 tests passed",
        result=failed_result(),
    )
    Attempt.objects.create(
        user=other, exercise=exercise, version=exercise.current_version, code="SECRET_OTHER = 1"
    )
    item = context_get(member=member, kind="exercise", pk=exercise.pk)
    assert item.title == "Add two numbers" and item.kind_label == "Exercise"
    assert "return a - b" in item.text and "First failing test: Adds two numbers" in item.text
    assert "SECRET_OTHER" not in item.text
    assert "return a + b" not in item.text and "test_negative" not in item.text  # solution, hidden tests
    fresh = context_get(member=UserFactory(), kind="exercise", pk=exercise.pk)
    assert "has not submitted this exercise yet" in fresh.text


def test_lesson_context_and_unpublished_courses(exercise):
    lesson = LessonFactory(module=exercise.module, title="Welcome", body="Python reads like **English**.")
    member = UserFactory()
    item = context_get(member=member, kind="lesson", pk=lesson.pk)
    assert item.title == "Welcome" and "Python reads like English." in item.text
    assert parse_context_param(f"lesson:{lesson.pk}") == ("lesson", lesson.pk)
    course = exercise.module.course
    course.published = False
    course.save()
    assert context_get(member=member, kind="lesson", pk=lesson.pk) is None
    assert context_get(member=member, kind="exercise", pk=exercise.pk) is None


def test_mentor_page_opens_on_an_exercise(member_client, exercise):
    response = member_client.get(reverse("mentor:home"), {"context": f"exercise:{exercise.pk}"})
    assert response.status_code == 200
    assert "Add two numbers" in response.content.decode()
