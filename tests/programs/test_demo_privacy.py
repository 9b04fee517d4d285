from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.programs import demo
from apps.programs.models import (
    Application,
    Cohort,
    CohortMembership,
    MissionSubmission,
    Program,
    Review,
)
from apps.programs.privacy import erase_member_data, export_member_data
from apps.programs.services import SubmissionData, application_decide, review_create, submission_create
from tests.accounts.factories import UserFactory
from tests.jobs.factories import pdf_bytes
from tests.programs.factories import MissionFactory, apply, enrol, make_director, make_mentor

pytestmark = pytest.mark.django_db


def test_demo_seeds_a_program_with_two_cohorts_and_work_at_every_stage_once():
    UserFactory(email="demo@example.com")
    for _ in range(40):
        UserFactory()

    demo.seed(size="small", stdout=io.StringIO())
    demo.seed(size="small", stdout=io.StringIO())

    program = Program.objects.get()
    assert Cohort.objects.filter(program=program).count() == 2
    assert program.missions.filter(published_at__isnull=False).count() == 3
    assert set(MissionSubmission.objects.values_list("status", flat=True)) == {
        "waiting",
        "changes",
        "approved",
    }
    assert MissionSubmission.objects.filter(iteration=2).exists()
    assert CohortMembership.objects.filter(status="completed").exists()
    assert set(Application.objects.values_list("status", flat=True)) >= {
        "pending",
        "accepted",
        "waitlisted",
        "rejected",
    }
    assert CohortMembership.objects.filter(user__email="demo@example.com").exists()


def _work(cohort):
    mentor = make_mentor(cohort)
    learner = enrol(cohort).user
    mission = MissionFactory(program=cohort.program, deliverable="file")
    submission = submission_create(
        mission=mission, member=learner,
        data=SubmissionData(file=SimpleUploadedFile("r.pdf", pdf_bytes()), file_kind="pdf", file_name="r.pdf"),
    )  # fmt: skip
    review_create(
        submission=submission, mentor=mentor, scores=[1, 1], comment="Nice work.", verdict="changes"
    )
    return learner, mentor, submission


def test_export_holds_applications_cohorts_submissions_and_their_reviews(cohort):
    learner, _mentor, _submission = _work(cohort)

    data = export_member_data(learner)

    json.dumps(data)
    assert data["applications"][0]["status"] == "accepted"
    assert data["cohorts"][0]["cohort"] == cohort.name
    assert data["submissions"][0]["review"]["comment"] == "Nice work."
    assert data["submissions"][0]["file_name"] == "r.pdf"


def test_erasure_removes_the_learners_work_and_files_and_frees_the_seat(
    cohort, django_capture_on_commit_callbacks
):
    learner, _mentor, submission = _work(cohort)
    storage, name = submission.file.storage, submission.file.name
    Cohort.objects.filter(pk=cohort.pk).update(capacity=1)
    waiting = application_decide(
        application=apply(cohort), decision="waitlist", by=make_director(cohort.program.organization)
    )

    with django_capture_on_commit_callbacks(execute=True):
        erase_member_data(learner)

    assert not MissionSubmission.objects.filter(member=learner).exists()
    assert not Review.objects.exists()
    assert not Application.objects.filter(applicant=learner).exists()
    assert not CohortMembership.objects.filter(user=learner).exists()
    assert not storage.exists(name)
    waiting.refresh_from_db()
    assert waiting.status == "accepted"


def test_erasing_a_mentor_keeps_their_reviews_without_their_name(cohort):
    learner, mentor, _submission = _work(cohort)

    erase_member_data(mentor)

    review = Review.objects.get()
    assert review.mentor is None and review.submission.member == learner
