"""Job forms' rate limits count only what was accepted, and a limited post gets the form back
with everything typed and a message saying what to do (a chosen file cannot be kept)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.jobs.models import Job, JobApplication
from tests.events.test_rate_limits import assert_form_keeps
from tests.jobs.factories import JobFactory
from tests.jobs.test_apply import apply_url, form_data
from tests.jobs.test_moderation import job_form, png

pytestmark = pytest.mark.django_db

LIMIT_TEXT = "sent too many times from your account"


def typed(data: dict) -> dict:
    """The fields a page can show again: every one but the files."""
    return {name: value for name, value in data.items() if not isinstance(value, SimpleUploadedFile)}


def test_failed_applications_are_not_counted(member_client, settings):
    settings.JOBS_APPLY_RATE = "1/h"
    job = JobFactory()
    for _ in range(3):
        response = member_client.post(apply_url(job), form_data(cover_letter=""))
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
    assert member_client.post(apply_url(job), form_data()).status_code == 302
    assert JobApplication.objects.count() == 1


def test_a_limited_application_keeps_the_letter_and_asks_for_the_cv_again(member_client, settings):
    settings.JOBS_APPLY_RATE = "1/h"
    assert member_client.post(apply_url(JobFactory()), form_data()).status_code == 302
    data = form_data(full_name="Ada N. Obi", cover_letter="Second letter, typed with care.\nTwo lines.")

    response = member_client.post(apply_url(JobFactory()), data)

    assert response.status_code == 429
    html = response.content.decode()
    assert "<html" in html and LIMIT_TEXT in html
    assert "What you typed is still here, but your CV must be chosen again" in html
    assert_form_keeps(html, typed(data))
    assert JobApplication.objects.count() == 1


@pytest.mark.parametrize("view", ["create", "edit"])
def test_failed_listings_are_not_counted_and_a_limited_one_keeps_what_was_typed(
    employer_client, employer, settings, view
):
    settings.JOBS_WRITE_RATE = "1/h"
    if view == "create":
        url = reverse("jobs:job-create")
    else:
        url = reverse("jobs:job-edit", args=[JobFactory(posted_by=employer, title="Before").pk])
    for _ in range(3):  # refused by validation: not counted
        response = employer_client.post(url, job_form(salary_min="20000000"))
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
    assert employer_client.post(url, job_form(title="Accepted")).status_code == 302

    logo = SimpleUploadedFile("logo.png", png(), content_type="image/png")
    data = job_form(title="Limited", description="Typed **again**.", company_logo=logo)
    response = employer_client.post(url, data)

    assert response.status_code == 429
    html = response.content.decode()
    assert LIMIT_TEXT in html and "but the logo must be chosen again" in html
    assert_form_keeps(html, typed(data))
    assert not Job.objects.filter(title="Limited").exists()
