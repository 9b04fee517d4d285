from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.jobs.models import Job
from apps.jobs.services import job_expire_due
from apps.jobs.tasks import jobs_expire
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


def job_form(**overrides) -> dict:
    data = {
        "title": "Senior Django Engineer",
        "company": "Moniepoint",
        "company_url": "https://moniepoint.com",
        "location": "Lagos, Nigeria",
        "location_type": "hybrid",
        "job_type": "full-time",
        "salary_min": "9000000",
        "salary_max": "14000000",
        "salary_currency": "NGN",
        "salary_period": "year",
        "skills": "Python, Django, PostgreSQL",
        "description": "Build the **ledger**.",
        "requirements": "- 5 years",
        "how_to_apply": "Apply with your CV.",
    }
    data.update(overrides)
    return data


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (400, 200), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def test_member_without_the_permission_cannot_post(member_client):
    assert member_client.get(reverse("jobs:job-create")).status_code == 403
    assert member_client.post(reverse("jobs:job-create"), job_form()).status_code == 403
    assert not Job.objects.exists()


def test_employer_creates_a_draft_with_skills_and_a_reencoded_logo(employer_client, employer):
    data = job_form(company_logo=SimpleUploadedFile("logo.png", png(), content_type="image/png"))
    response = employer_client.post(reverse("jobs:job-create"), data)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("jobs:job-manage", args=[job.pk])
    assert job.status == Job.Status.DRAFT and job.posted_by == employer
    assert sorted(job.skills.values_list("key", flat=True)) == ["django", "postgresql", "python"]
    assert [tag["name"] for tag in job.skill_tags] == ["Django", "PostgreSQL", "Python"]
    assert job.salary_max_usd == 9333
    assert job.company_logo.name.startswith("jobs/logos/") and job.company_logo.name.endswith(".webp")
    assert "logo.png" not in job.company_logo.name
    assert Image.open(job.company_logo.open("rb")).size == (256, 128)


def test_a_fake_logo_gets_a_field_error_and_nothing_is_stored(employer_client):
    fake = SimpleUploadedFile("logo.png", b"\x89PNG\r\n\x1a\n<script>", content_type="image/png")
    response = employer_client.post(reverse("jobs:job-create"), job_form(company_logo=fake))
    assert response.status_code == 200
    assert "This file is not an image we can read." in response.context["form"].errors["company_logo"]
    assert 'value="Senior Django Engineer"' in response.content.decode()
    assert not Job.objects.exists()


def test_salary_minimum_above_maximum_is_refused(employer_client):
    response = employer_client.post(reverse("jobs:job-create"), job_form(salary_min="20000000"))
    assert "The minimum salary is above the maximum." in response.context["form"].errors["salary_min"]
    assert not Job.objects.exists()


def test_draft_without_salary_cannot_be_submitted(employer_client, employer):
    employer_client.post(reverse("jobs:job-create"), job_form(salary_min="", salary_max=""))
    job = Job.objects.get()
    response = employer_client.post(reverse("jobs:job-submit", args=[job.pk]), follow=True)
    assert "Give a salary range" in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT


def test_full_moderation_cycle(employer_client, staff_client, django_capture_on_commit_callbacks, mailoutbox):
    client = Client()  # a visitor
    employer_client.post(reverse("jobs:job-create"), job_form())
    job = Job.objects.get()
    assert client.get(reverse("jobs:job-detail", args=[job.pk])).status_code == 404  # drafts are private
    employer_client.post(reverse("jobs:job-submit", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.SUBMITTED

    queue = staff_client.get(reverse("jobs_staff:queue"))
    assert "Senior Django Engineer" in queue.content.decode()
    review = staff_client.get(reverse("jobs_staff:review", args=[job.pk]))
    assert (
        "<strong>ledger</strong>" in review.content.decode()
        and "Approve and publish" in review.content.decode()
    )

    # Rejecting needs a reason.
    response = staff_client.post(reverse("jobs_staff:reject", args=[job.pk]), {"reason": ""})
    assert response.context["reject_form"].errors["reason"]
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("jobs_staff:reject", args=[job.pk]), {"reason": "Say which office."})
    job.refresh_from_db()
    assert job.status == Job.Status.REJECTED and job.rejection_reason == "Say which office."
    assert "Say which office." in mailoutbox[-1].body
    assert (
        "Say which office." in employer_client.get(reverse("jobs:job-manage", args=[job.pk])).content.decode()
    )

    employer_client.post(reverse("jobs:job-edit", args=[job.pk]), job_form(location="Yaba, Lagos"))
    employer_client.post(reverse("jobs:job-submit", args=[job.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("jobs_staff:approve", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.PUBLISHED
    assert job.expires_at - job.published_at == timedelta(days=30)
    assert "is live" in mailoutbox[-1].subject
    # The email greets the employer by name and says how long the listing stays up.
    expires_on = f"{timezone.localtime(job.expires_at):%-d %B %Y}"
    assert mailoutbox[-1].body.startswith(f"Hello {job.posted_by.get_full_name()},")
    assert f"It stays up until {expires_on}; you can republish it after that." in mailoutbox[-1].body
    assert "Senior Django Engineer" in client.get(reverse("jobs:job-list")).content.decode()


def test_staff_review_shows_the_required_skills_and_company_website(staff_client):
    """Staff approve what members will see: the skills and the company link were missing."""
    job = JobFactory(
        status=Job.Status.SUBMITTED, skills=["Kotlin", "Flutter"], company_url="https://example.com/jobs"
    )
    body = staff_client.get(reverse("jobs_staff:review", args=[job.pk])).content.decode()
    assert '<li class="badge">Kotlin</li>' in body and '<li class="badge">Flutter</li>' in body
    assert 'href="https://example.com/jobs"' in body


def test_review_queue_needs_staff_with_a_second_factor(member_client, staff_user):
    assert member_client.get(reverse("jobs_staff:queue")).status_code == 403
    assert Client().get(reverse("jobs_staff:queue")).status_code == 302
    staff_without_otp = Client()
    staff_without_otp.force_login(staff_user)
    response = staff_without_otp.get(reverse("jobs_staff:queue"))
    assert response.status_code == 302 and "two-factor" in response["Location"]


def test_approve_is_refused_unless_submitted(staff_client):
    job = JobFactory(status=Job.Status.DRAFT)
    response = staff_client.post(reverse("jobs_staff:approve", args=[job.pk]), follow=True)
    assert "Only a listing awaiting review can be approved." in response.content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.DRAFT


def test_editing_a_published_job_sends_it_back_for_review(employer_client, employer):
    job = JobFactory(posted_by=employer)
    employer_client.post(reverse("jobs:job-edit", args=[job.pk]), job_form(title="Changed title"))
    job.refresh_from_db()
    assert job.title == "Changed title" and job.status == Job.Status.DRAFT


def test_another_employer_cannot_edit_or_submit(employer_client):
    job = JobFactory(status=Job.Status.DRAFT)
    assert employer_client.get(reverse("jobs:job-edit", args=[job.pk])).status_code == 404
    assert employer_client.post(reverse("jobs:job-submit", args=[job.pk])).status_code == 404


def test_expiry_task_closes_jobs_past_30_days_and_they_can_be_republished(
    employer_client, employer, staff_client
):
    now = timezone.now()
    old = JobFactory(
        posted_by=employer, published_at=now - timedelta(days=31), expires_at=now - timedelta(days=1)
    )
    fresh = JobFactory(published_at=now, expires_at=now + timedelta(days=30))
    assert jobs_expire.call_local() == 1
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.status == Job.Status.EXPIRED and fresh.status == Job.Status.PUBLISHED
    assert job_expire_due() == 0  # nothing left to expire

    # The closed page explains itself; applying is refused.
    assert (
        "This job is closed"
        in employer_client.get(reverse("jobs:job-detail", args=[old.pk])).content.decode()
    )

    employer_client.post(reverse("jobs:job-submit", args=[old.pk]))
    staff_client.post(reverse("jobs_staff:approve", args=[old.pk]))
    old.refresh_from_db()
    assert old.status == Job.Status.PUBLISHED and old.expires_at > timezone.now() + timedelta(days=29)


def test_employer_closes_a_listing_early(employer_client, employer):
    job = JobFactory(posted_by=employer)
    employer_client.post(reverse("jobs:job-close", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == Job.Status.EXPIRED and not job.is_open


def test_my_listings_fit_a_phone_and_name_each_applications_link(employer_client, employer):
    """At 360 px the four-column table was clipped (Expires cut off inside its scroller); the
    expiry now moves under the company on phones, and a bare "1" link says what it opens."""
    from tests.jobs.factories import JobApplicationFactory

    job = JobFactory(posted_by=employer, title="Data Engineer")
    JobApplicationFactory(job=job)
    body = employer_client.get(reverse("jobs:job-mine")).content.decode()
    assert '<th class="hidden py-2 sm:table-cell">Expires</th>' in body
    assert (
        f'<span class="block text-xs text-slate-500 sm:hidden">Expires {timezone.localtime(job.expires_at):%-d %b %Y}</span>'
        in body
    )
    assert '1<span class="sr-only"> application for Data Engineer</span>' in body


def test_my_listings_query_count_is_constant(employer_client, employer, assert_page_queries):
    # count, jobs with application counts (permissions come with the cached member)
    def add_jobs(n):
        return JobFactory.create_batch(n, posted_by=employer)

    assert_page_queries(employer_client, reverse("jobs:job-mine"), add_rows=add_jobs, expected=2)


def test_review_queue_query_count_is_constant(staff_client, assert_page_queries):
    # OTP device, count, jobs with their posters
    def add_jobs(n):
        return JobFactory.create_batch(n, status=Job.Status.SUBMITTED)

    assert_page_queries(staff_client, reverse("jobs_staff:queue"), add_rows=add_jobs, expected=3)


def test_edit_form_is_prefilled_and_the_logo_can_be_removed(employer_client):
    data = job_form(company_logo=SimpleUploadedFile("logo.png", png(), content_type="image/png"))
    employer_client.post(reverse("jobs:job-create"), data)
    job = Job.objects.get()
    form = employer_client.get(reverse("jobs:job-edit", args=[job.pk])).context["form"]
    assert form.initial["title"] == "Senior Django Engineer"
    assert form.initial["skills"] == "Django, PostgreSQL, Python"
    assert "remove_logo" in form.fields
    employer_client.post(reverse("jobs:job-edit", args=[job.pk]), job_form(remove_logo="on"))
    job.refresh_from_db()
    assert not job.company_logo
    assert "remove_logo" not in employer_client.get(reverse("jobs:job-create")).context["form"].fields
