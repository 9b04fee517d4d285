"""/me/: the member's dashboard across the site, in a fixed handful of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.programs.services import SubmissionData, review_create, submission_create
from tests.events.factories import RegistrationFactory
from tests.jobs.factories import JobApplicationFactory
from tests.programs.factories import CohortFactory, MissionFactory, enrol, make_mentor

pytestmark = pytest.mark.django_db


def test_a_new_member_is_told_the_first_step(member_client):
    response = member_client.get(reverse("me"))

    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert 'data-next-step="seat"' in html and "Get a seat at the OTEI conference." in html


def test_visitors_are_sent_to_log_in(client):
    assert client.get(reverse("me")).status_code == 302


def test_the_cohort_card_shows_missions_and_the_next_deadline(member_client):
    cohort = CohortFactory()
    mentor = make_mentor(cohort)
    enrol(cohort, member_client.user)
    done = MissionFactory(program=cohort.program, title="Mission approved")
    MissionFactory(program=cohort.program, title="Mission next")
    submission = submission_create(
        mission=done, member=member_client.user, data=SubmissionData(link="https://e.com")
    )
    review_create(submission=submission, mentor=mentor, scores=[1, 1], comment="Good.", verdict="approved")

    html = member_client.get(reverse("me")).content.decode()

    assert cohort.name in html
    assert f'data-me-mission="{done.pk}">Approved' in html
    assert "Next deadline: <a" in html and "Mission next</a>," in html


def test_otei_tickets_are_found_by_the_members_confirmed_email_in_any_case(member_client):
    RegistrationFactory(email=member_client.user.email.upper(), ticket_code="ABC123", status="confirmed")
    RegistrationFactory(email="someone-else@example.com")

    html = member_client.get(reverse("me")).content.decode()

    assert html.count(">status</a>") == 1
    assert ">ticket</a>" in html


def test_an_unconfirmed_address_finds_no_ticket(member_client):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=member_client.user).update(verified=False)
    RegistrationFactory(email=member_client.user.email)

    html = member_client.get(reverse("me")).content.decode()

    assert "/events/status/" not in html


def test_job_applications_show_their_stage(member_client):
    JobApplicationFactory(applicant=member_client.user, stage="interviewed")

    html = member_client.get(reverse("me")).content.decode()

    assert "Interviewed" in html


def test_the_dashboard_takes_the_same_queries_however_much_the_member_did(member_client, assert_page_queries):
    cohort = CohortFactory(capacity=100)
    enrol(cohort, member_client.user)

    def add(n):
        for _ in range(n):
            MissionFactory(program=cohort.program)
            JobApplicationFactory(applicant=member_client.user)
            RegistrationFactory(email=member_client.user.email)

    page = assert_page_queries(member_client, reverse("me"), add_rows=add)
    assert page.count <= 14
