from __future__ import annotations

import io
import json

import pytest
from django.urls import reverse

from apps.learning import demo
from apps.learning.models import Attempt, Certificate, Course, Enrollment, LessonProgress
from apps.learning.privacy import erase_member_data, export_member_data
from apps.learning.services import certificate_issue, lesson_complete
from apps.learning.tasks import certificate_pdf_task
from tests.accounts.factories import UserFactory
from tests.learning.factories import (
    CourseFactory,
    ExerciseFactory,
    LessonFactory,
    ModuleFactory,
    failed_result,
)

pytestmark = pytest.mark.django_db


def test_demo_imports_the_courses_and_gives_progress_once(django_user_model):
    demo_member = UserFactory(email="demo@example.com", handle="demo")
    for _ in range(3):
        UserFactory(email=f"member-{_}@example.com")
    demo.seed(size="small", stdout=io.StringIO())
    assert set(Course.objects.values_list("slug", flat=True)) >= {
        "python-foundations",
        "data-from-signup-sheets",
    }
    assert LessonProgress.objects.filter(user=demo_member).count() == 5
    assert Certificate.objects.count() == 3
    counts = (LessonProgress.objects.count(), Attempt.objects.count(), Certificate.objects.count())
    demo.seed(size="small", stdout=io.StringIO())
    assert counts == (LessonProgress.objects.count(), Attempt.objects.count(), Certificate.objects.count())


@pytest.fixture
def learner():
    member = UserFactory(first_name="Kemi", last_name="Adeyemi")
    module = ModuleFactory(course=CourseFactory(title="Python Foundations"))
    lesson = LessonFactory(module=module, title="Welcome")
    exercise = ExerciseFactory(module=module, title="Add")
    lesson_complete(user=member, lesson=lesson)
    Attempt.objects.create(
        user=member,
        exercise=exercise,
        version=exercise.current_version,
        code="def add(a, b): ...",
        status="done",
        verdict="failed",
        result=failed_result(),
    )
    certificate = certificate_issue(user=member, course=module.course)
    certificate_pdf_task.call_local(certificate.pk)
    return member


def test_export_has_attempts_progress_and_certificates(learner):
    data = export_member_data(learner)
    json.dumps(data)
    assert data["enrollments"][0]["course"] == "Python Foundations"
    assert data["lessons_read"][0]["lesson"] == "Welcome"
    assert (
        data["attempts"][0]["code"] == "def add(a, b): ..." and data["attempts"][0]["exercise_version"] == 1
    )
    assert data["attempts"][0]["tests"][0]["status"] == "fail"
    assert data["certificates"][0]["name"] == "Kemi Adeyemi"


def test_erasure_deletes_attempts_and_anonymises_certificates(client, learner):
    certificate = Certificate.objects.get(user=learner)
    pdf_name = certificate.pdf.name
    storage = certificate.pdf.storage
    erase_member_data(learner)
    assert not Attempt.objects.filter(user=learner).exists()
    assert not LessonProgress.objects.filter(user=learner).exists()
    assert not Enrollment.objects.filter(user=learner).exists()
    certificate.refresh_from_db()
    assert certificate.user is None and certificate.recipient_name == "" and not certificate.pdf
    assert not storage.exists(pdf_name)
    body = client.get(reverse("certificates:certificate-detail", args=[certificate.number])).content.decode()
    assert "Issued to a former member" in body and "Kemi" not in body
