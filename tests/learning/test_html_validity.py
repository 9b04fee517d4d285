"""The learning pages are valid HTML (the Nu validator, as tests/core/test_html_validity.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.learning.models import Attempt
from apps.learning.services import attempt_record, certificate_issue
from tests.core.test_html_validity import nu_errors
from tests.learning.factories import (
    CourseFactory,
    ExerciseFactory,
    LessonFactory,
    ModuleFactory,
    failed_result,
)

pytestmark = pytest.mark.django_db


def test_learning_pages_are_valid_html(member_client, tmp_path):
    course = CourseFactory(slug="python-basics", description="A **course**.")
    module = ModuleFactory(course=course)
    lesson = LessonFactory(
        module=module, video_url="https://www.youtube.com/watch?v=rfscVS0vtbw", body="```python\nx = 1\n```"
    )
    exercise = ExerciseFactory(module=module)
    attempt = Attempt.objects.create(
        user=member_client.user, exercise=exercise, version=exercise.current_version, code="x"
    )
    attempt_record(attempt=attempt, result=failed_result())
    certificate = certificate_issue(user=member_client.user, course=course)
    pages = {
        "catalogue": reverse("learning:course-list"),
        "syllabus": reverse("learning:course-detail", args=[course.slug]),
        "lesson": reverse("learning:lesson-detail", args=[course.slug, lesson.pk]),
        "exercise": reverse("learning:exercise-detail", args=[course.slug, exercise.pk]),
        "attempt": reverse("learning:attempt-detail", args=[course.slug, attempt.pk]),
        "certificate": reverse("certificates:certificate-detail", args=[certificate.number]),
        "course-form": reverse("learning:course-edit", args=[course.slug]),
    }
    member_client.user.user_permissions.add(Permission.objects.get(codename="teach_course"))
    html = {}
    for name, url in pages.items():
        response = member_client.get(url)
        assert response.status_code == 200, name
        html[name] = response.content.decode()
    assert nu_errors(html, tmp_path) == []
