"""The programs pages are valid HTML (the Nu validator, as for the key pages in
tests/core/test_html_validity.py) and each has one main heading; list pages answer htmx with
their results only."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.programs.models import ScheduleItem
from apps.programs.services import SubmissionData, review_create, submission_create
from tests.core.test_html_validity import nu_errors
from tests.programs.factories import CohortFactory, MissionFactory, apply, enrol, make_director, make_mentor

pytestmark = pytest.mark.django_db


@pytest.fixture
def program_pages(client):
    cohort = CohortFactory(capacity=3)
    director = make_director(cohort.program.organization)
    mentor = make_mentor(cohort)
    learner = enrol(cohort).user
    apply(cohort)
    mission = MissionFactory(program=cohort.program, deliverable="text")
    first = submission_create(mission=mission, member=learner, data=SubmissionData(text="My **answer**."))
    review_create(submission=first, mentor=mentor, scores=[0, 1], comment="Add *tests*.", verdict="changes")
    waiting = submission_create(mission=mission, member=learner, data=SubmissionData(text="Again."))
    slug = cohort.program.slug
    session = ScheduleItem.objects.create(cohort=cohort, title="Kick-off", starts_at=timezone.now())
    cohort.sponsors.add(cohort.program.organization)
    as_user = [
        (None, "programs", reverse("programs:program-list")),
        (None, "program", reverse("programs:program-detail", args=[slug])),
        (learner, "apply", reverse("programs:program-apply", args=[CohortFactory().program.slug])),
        (learner, "applications", reverse("programs:application-list")),
        (learner, "cohort", reverse("programs:cohort-home", args=[cohort.pk])),
        (learner, "mission", reverse("programs:mission-detail", args=[cohort.pk, mission.pk])),
        (learner, "me", reverse("me")),
        (mentor, "queue", reverse("programs:review-queue")),
        (mentor, "review", reverse("programs:review-create", args=[waiting.pk])),
        (director, "review-applications", reverse("programs:application-review", args=[slug])),
        (director, "cohort-director", reverse("programs:cohort-home", args=[cohort.pk])),
        (director, "mission-new", reverse("programs:mission-create", args=[slug])),
        (director, "mission-edit", reverse("programs:mission-edit", args=[slug, mission.pk])),
        (director, "director", reverse("programs:director")),
        (director, "program-new", reverse("programs:program-create")),
        (director, "program-edit", reverse("programs:program-edit", args=[slug])),
        (director, "cohort-new", reverse("programs:cohort-create", args=[slug])),
        (director, "cohort-edit", reverse("programs:cohort-edit", args=[cohort.pk])),
        (director, "session-new", reverse("programs:schedule-create", args=[cohort.pk])),
        (director, "session-edit", reverse("programs:schedule-edit", args=[cohort.pk, session.pk])),
        (director, "sponsor", reverse("programs:sponsor", args=[cohort.program.organization.slug])),
    ]
    pages = {}
    for user, name, url in as_user:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        pages[name] = response.content.decode()
    return pages


def test_programs_pages_have_no_html_validation_errors(program_pages, tmp_path):
    assert nu_errors(program_pages, tmp_path) == []


def test_every_programs_page_has_one_main_heading(program_pages):
    assert {name: html.count("<h1") for name, html in program_pages.items() if html.count("<h1") != 1} == {}


def test_the_program_list_answers_htmx_with_its_results_only(client):
    CohortFactory()

    response = client.get(reverse("programs:program-list"), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert 'id="program-results"' in html and "<html" not in html
