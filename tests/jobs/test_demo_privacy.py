from __future__ import annotations

import io
import json

import pytest
from django.core.files.storage import storages

from apps.jobs import demo
from apps.jobs.models import ApplicationStageChange, Job, JobApplication, SavedJob
from apps.jobs.privacy import erase_member_data, export_member_data
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def test_small_demo_seeds_sixty_jobs_once(django_capture_on_commit_callbacks):
    for _ in range(12):
        UserFactory()
    demo.seed(size="small", stdout=io.StringIO())
    assert Job.objects.count() == 60
    published = Job.objects.filter(status=Job.Status.PUBLISHED)
    assert published.count() > 40
    assert {"NGN", "USD"} <= set(Job.objects.values_list("salary_currency", flat=True))
    assert published.filter(location_type="remote").exists()
    assert all(job.salary_min <= job.salary_max and job.skill_tags for job in Job.objects.all())
    assert Job.skills.through.objects.count() >= 120
    assert JobApplication.objects.exists()
    assert ApplicationStageChange.objects.count() >= JobApplication.objects.count()

    demo.seed(size="small", stdout=io.StringIO())
    assert Job.objects.count() == 60


def test_demo_jobs_read_like_real_adverts(django_capture_on_commit_callbacks):
    import re

    for _ in range(12):
        UserFactory()
    demo.seed(size="small", stdout=io.StringIO())
    jobs = list(Job.objects.all())
    assert any(job.job_type == Job.JobType.INTERNSHIP for job in jobs)
    for job in jobs:
        assert not re.search(r"\ba \*\*[AEIOU]", job.description), job.description[:80]
        junior = job.job_type == Job.JobType.INTERNSHIP or job.title.startswith(("Intern", "Junior"))
        if junior:
            assert not re.search(r"[2-9]\+ years", job.requirements), (job.title, job.requirements)


def test_export_lists_applications_saved_and_posted_jobs(user):
    application = JobApplicationFactory(applicant=user, cover_letter="Hire me")
    SavedJob.objects.create(user=user, job=JobFactory(title="Saved one"))
    JobFactory(posted_by=user, title="Posted one")
    data = export_member_data(user)
    json.dumps(data)  # JSON-serialisable
    assert data["applications"][0]["cover_letter"] == "Hire me"
    assert data["applications"][0]["job"] == application.job.title
    assert data["applications"][0]["history"][0]["to"] == "pending"
    assert data["saved_jobs"][0]["job"] == "Saved one"
    assert data["posted_jobs"][0]["title"] == "Posted one"


def test_erase_deletes_applications_with_their_cv_files(user, django_capture_on_commit_callbacks):
    application = JobApplicationFactory(applicant=user)
    kept = JobApplicationFactory()
    SavedJob.objects.create(user=user, job=kept.job)
    posted = JobFactory(posted_by=user)
    cv_name = application.cv.name
    with django_capture_on_commit_callbacks(execute=True):
        erase_member_data(user)
    assert not JobApplication.objects.filter(applicant=user).exists()
    assert not storages["private"].exists(cv_name)
    assert storages["private"].exists(kept.cv.name)
    assert not SavedJob.objects.filter(user=user).exists()
    posted.refresh_from_db()
    assert posted.posted_by is None
