"""Directors set up programs, cohorts and schedules on the site, within their organization."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.programs.models import Application, Cohort, Program, ScheduleItem
from tests.accounts.factories import UserFactory
from tests.programs.factories import CohortFactory, OrganizationFactory, apply, enrol, make_director

pytestmark = pytest.mark.django_db


def _program_data(organization, **changes):
    data = {"title": "Data Fellowship", "slug": "data-fellowship", "summary": "Learn data with a mentor.",
            "description": "## Weeks\n\nWork.", "track": "", "organization": organization.pk, "is_published": "on"}  # fmt: skip
    return data | changes


def _cohort_data(**changes):
    today = timezone.localdate()
    data = {"name": "Spring", "starts_on": (today + datetime.timedelta(days=20)).isoformat(),
            "ends_on": (today + datetime.timedelta(days=80)).isoformat(), "capacity": 5,
            "applications_open_at": "2026-01-01T09:00", "applications_close_at": "2036-01-01T09:00",
            "enrolment_mode": "open", "time_zone": "Africa/Lagos"}  # fmt: skip
    return data | changes


def test_a_director_creates_a_program_then_its_cohort_and_a_session(client):
    organization = OrganizationFactory()
    client.force_login(make_director(organization))

    response = client.post(reverse("programs:program-create"), _program_data(organization))
    program = Program.objects.get(slug="data-fellowship")
    assert response.url == reverse("programs:cohort-create", args=[program.slug])
    response = client.post(reverse("programs:cohort-create", args=[program.slug]), _cohort_data())
    cohort = Cohort.objects.get(program=program)
    client.post(reverse("programs:schedule-create", args=[cohort.pk]),
                {"title": "Kick-off call", "starts_at": "2030-02-01T17:00", "minutes": 45, "where": "https://meet.example.org/x"})  # fmt: skip

    assert program.organization == organization and program.is_published
    assert cohort.capacity == 5 and cohort.enrolment_mode == "open"
    home = client.get(reverse("programs:cohort-home", args=[cohort.pk])).content.decode()
    assert "Kick-off call" in home and "Edit cohort" in home


def test_a_director_cannot_create_a_program_for_another_organization(client):
    mine, theirs = OrganizationFactory(), OrganizationFactory()
    client.force_login(make_director(mine))

    response = client.post(reverse("programs:program-create"), _program_data(theirs))

    assert response.status_code == 200 and not Program.objects.exists()
    assert "Select a valid choice" in response.content.decode()


def test_people_without_a_director_role_cannot_set_anything_up(client, cohort):
    client.force_login(UserFactory())
    item = ScheduleItem.objects.create(cohort=cohort, title="Call", starts_at=timezone.now())

    for url in (reverse("programs:program-create"), reverse("programs:program-edit", args=[cohort.program.slug]),
                reverse("programs:cohort-create", args=[cohort.program.slug]),
                reverse("programs:cohort-edit", args=[cohort.pk]), reverse("programs:schedule-create", args=[cohort.pk]),
                reverse("programs:schedule-edit", args=[cohort.pk, item.pk])):  # fmt: skip
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("programs:cohort-edit", args=[cohort.pk]), _cohort_data()).status_code == 404


def test_another_programs_director_cannot_edit_its_cohort(client, cohort):
    client.force_login(make_director(CohortFactory().program.organization))

    assert (
        client.post(reverse("programs:cohort-edit", args=[cohort.pk]), _cohort_data(name="Mine")).status_code
        == 404
    )
    cohort.refresh_from_db()
    assert cohort.name != "Mine"


def test_a_duplicate_program_address_is_a_message(client, cohort, director):
    client.force_login(director)

    response = client.post(
        reverse("programs:program-create"),
        _program_data(cohort.program.organization, slug=cohort.program.slug),
    )

    assert response.status_code == 200 and "already exists" in response.content.decode()
    assert Program.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ends_on": "2020-01-01"}, "cannot end before it starts"),
        ({"applications_close_at": "2025-01-01T09:00"}, "must close after they open"),
        ({"capacity": -1}, "greater than or equal to 0"),
        ({"capacity": 10**9}, "10,000"),
        ({"time_zone": "Mars/Olympus"}, "time zone like"),
        ({"starts_on": "not a date"}, "Enter a valid date"),
        ({"name": "x" * 500}, "at most 120 characters"),
    ],
)
def test_bad_cohorts_are_answered_with_a_message(client, cohort, director, changes, message):
    client.force_login(director)

    response = client.post(
        reverse("programs:cohort-create", args=[cohort.program.slug]), _cohort_data(**changes)
    )

    assert response.status_code == 200 and message in response.content.decode()
    assert Cohort.objects.count() == 1


def test_capacity_cannot_go_below_the_seated_learners(client, cohort, director):
    enrol(cohort), enrol(cohort)
    client.force_login(director)

    response = client.post(reverse("programs:cohort-edit", args=[cohort.pk]), _cohort_data(capacity=1))

    assert response.status_code == 200 and "2 learners already hold seats" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.capacity == 10 and cohort.name != "Spring"


def test_more_seats_on_the_cohort_form_go_to_the_waiting_list(client, director):
    cohort = CohortFactory(capacity=1, enrolment_mode=Cohort.Mode.OPEN)
    director = make_director(cohort.program.organization)
    apply(cohort)
    waiting = apply(cohort)
    assert waiting.status == Application.Status.WAITLISTED
    client.force_login(director)

    client.post(reverse("programs:cohort-edit", args=[cohort.pk]), _cohort_data(capacity=2))

    waiting.refresh_from_db()
    assert waiting.status == Application.Status.ACCEPTED


def test_a_bad_session_is_a_message_and_hostile_text_is_escaped(client, cohort, director):
    client.force_login(director)
    url = reverse("programs:schedule-create", args=[cohort.pk])

    bad = client.post(
        url, {"title": "Call", "starts_at": "2030-02-01T17:00", "minutes": 0, "where": "javascript://x"}
    )
    client.post(
        url,
        {"title": "<script>alert(1)</script>", "starts_at": "2030-02-01T17:00", "minutes": 30, "where": ""},
    )

    assert "5 minutes to 24 hours" in bad.content.decode() and "http:// or https://" in bad.content.decode()
    home = client.get(reverse("programs:cohort-home", args=[cohort.pk])).content.decode()
    assert "<script>alert(1)</script>" not in home and "&lt;script&gt;" in home


def test_a_director_edits_a_program_and_its_session(client, cohort, director):
    item = ScheduleItem.objects.create(cohort=cohort, title="Call", starts_at=timezone.now())
    client.force_login(director)

    client.post(reverse("programs:program-edit", args=[cohort.program.slug]),
                _program_data(cohort.program.organization, slug=cohort.program.slug, title="Renamed"))  # fmt: skip
    client.post(reverse("programs:schedule-edit", args=[cohort.pk, item.pk]),
                {"title": "Office hours", "starts_at": "2030-02-01T17:00", "minutes": 30, "where": ""})  # fmt: skip

    cohort.program.refresh_from_db(), item.refresh_from_db()
    assert cohort.program.title == "Renamed" and item.title == "Office hours"


def test_setup_forms_are_rate_limited(client, settings, cohort, director):
    settings.PROGRAMS_WRITE_RATE = "1/h"
    client.force_login(director)
    url = reverse("programs:schedule-create", args=[cohort.pk])
    data = {"title": "Call", "starts_at": "2030-02-01T17:00", "minutes": 30, "where": ""}

    client.post(url, data)

    assert client.post(url, data).status_code == 429


def test_a_director_of_an_organization_without_programs_starts_from_the_dashboard(client):
    client.force_login(make_director(OrganizationFactory()))

    response = client.get(reverse("programs:director"))

    assert response.status_code == 200
    assert reverse("programs:program-create") in response.content.decode()


def test_a_program_takes_published_courses_only(client, cohort, director):
    from tests.learning.factories import CourseFactory

    published, draft = CourseFactory(published=True), CourseFactory(published=False)
    client.force_login(director)
    url = reverse("programs:program-edit", args=[cohort.program.slug])
    data = _program_data(cohort.program.organization, slug=cohort.program.slug)

    refused = client.post(url, data | {"courses": [draft.pk]})
    client.post(url, data | {"courses": [published.pk]})

    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert list(cohort.program.courses.all()) == [published]


def test_only_a_director_removes_a_session(client, cohort, director):
    item = ScheduleItem.objects.create(cohort=cohort, title="Call", starts_at=timezone.now())
    url = reverse("programs:schedule-delete", args=[cohort.pk, item.pk])
    client.force_login(UserFactory())
    assert client.post(url).status_code == 404
    client.force_login(director)

    assert (
        "Remove this session"
        in client.get(reverse("programs:schedule-edit", args=[cohort.pk, item.pk])).content.decode()
    )
    assert client.post(url).status_code == 302
    assert not ScheduleItem.objects.exists()
