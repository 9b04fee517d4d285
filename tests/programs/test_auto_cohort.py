"""Automatic cohort assignment (as Open edX): an applicant who does not pick a cohort is
placed in the open cohort with a free seat that starts soonest."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.programs.models import Application, Cohort, CohortMembership
from apps.programs.services import ApplicationData, application_create
from tests.accounts.factories import UserFactory
from tests.programs.factories import CohortFactory, ProgramFactory, apply

GOOD = {
    "motivation": "I want to ship a production Django service with a mentor.",
    "availability": "8 h a week",
}


def _cohorts(program, *specs):
    """Open cohorts of `program`, each (days until it starts, seats)."""
    today = timezone.localdate()
    return [
        CohortFactory(program=program, enrolment_mode=Cohort.Mode.OPEN, capacity=seats,
                      starts_on=today + datetime.timedelta(days=days), ends_on=today + datetime.timedelta(days=days + 60))
        for days, seats in specs
    ]  # fmt: skip


def _auto(program, user=None):
    data = ApplicationData(motivation=GOOD["motivation"], availability=GOOD["availability"])
    return application_create(program=program, cohort=None, applicant=user or UserFactory(), data=data)


@pytest.mark.django_db
def test_an_applicant_goes_to_the_soonest_cohort_with_a_free_seat():
    program = ProgramFactory()
    later, soonest, full_first = _cohorts(program, (30, 5), (10, 1), (3, 0))

    first, second, third = _auto(program), _auto(program), _auto(program)

    assert (first.cohort, first.status) == (soonest, Application.Status.ACCEPTED)
    assert (second.cohort, second.status) == (later, Application.Status.ACCEPTED)
    assert third.cohort == later and full_first.memberships.count() == 0


@pytest.mark.django_db
def test_when_every_cohort_is_full_the_applicant_waits_for_the_soonest():
    program = ProgramFactory()
    soonest, later = _cohorts(program, (5, 1), (20, 1))
    apply(soonest), apply(later)

    application = _auto(program)

    assert (application.cohort, application.status) == (soonest, Application.Status.WAITLISTED)


@pytest.mark.django_db
def test_closed_and_reviewed_cohorts_are_not_picked_automatically():
    program = ProgramFactory()
    (open_cohort,) = _cohorts(program, (40, 5))
    CohortFactory(program=program, enrolment_mode=Cohort.Mode.APPLICATION,
                  starts_on=timezone.localdate() + datetime.timedelta(days=2))  # fmt: skip
    closed = _cohorts(program, (1, 5))[0]
    closed.applications_close_at = timezone.now() - datetime.timedelta(hours=1)
    closed.applications_open_at = timezone.now() - datetime.timedelta(days=2)
    closed.save()

    assert _auto(program).cohort == open_cohort


@pytest.mark.django_db
def test_the_apply_form_places_automatically_unless_a_cohort_is_picked(client):
    program = ProgramFactory()
    later, soonest = _cohorts(program, (30, 5), (10, 5))
    url = reverse("programs:program-apply", args=[program.slug])
    client.force_login(UserFactory())

    page = client.get(url).content.decode()
    client.post(url, GOOD | {"cohort": ""})
    client.force_login(UserFactory())
    client.post(url, GOOD | {"cohort": later.pk})

    assert "free seat that starts soonest" in page
    assert list(Application.objects.order_by("pk").values_list("cohort", flat=True)) == [soonest.pk, later.pk]


@pytest.mark.django_db
def test_a_single_reviewed_cohort_still_needs_no_choice_and_blank_is_refused(client, cohort):
    client.force_login(UserFactory())

    response = client.post(
        reverse("programs:program-apply", args=[cohort.program.slug]), GOOD | {"cohort": ""}
    )

    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_automatic_applicants_fill_each_seat_once_in_start_order():
    program = ProgramFactory()
    soonest, middle, latest = _cohorts(program, (5, 1), (10, 2), (20, 1))
    users = [UserFactory() for _ in range(8)]
    barrier = threading.Barrier(len(users))
    results: list[tuple[int, str]] = []
    errors: list[Exception] = []

    def join(user):
        try:
            barrier.wait()
            application = _auto(program, user)
            results.append((application.cohort_id, application.status))
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=join, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    seated = [cohort for cohort, status in results if status == "accepted"]
    assert sorted(seated) == sorted([soonest.pk, middle.pk, middle.pk, latest.pk])
    assert [c for c, s in results if s == "waitlisted"] == [soonest.pk] * 4
    for cohort in (soonest, middle, latest):
        assert CohortMembership.objects.filter(cohort=cohort).count() == cohort.capacity
