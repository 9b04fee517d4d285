"""Applying, staff decisions, seats held exactly, one cohort per program, the waiting list."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from apps.mailer.models import OutboxEmail
from apps.programs.models import Application, Cohort, CohortMembership
from apps.programs.services import (
    application_decide,
    cohort_set_capacity,
    membership_leave,
    seats_taken,
)
from tests.accounts.factories import UserFactory
from tests.programs.factories import CohortFactory, apply, enrol


def test_application_waits_for_staff_and_emails_a_copy(cohort):
    application = apply(cohort)

    assert application.status == Application.Status.PENDING
    assert OutboxEmail.objects.filter(
        template="programs/application_received", recipients=application.applicant.email
    ).exists()
    assert not CohortMembership.objects.exists()


def test_accepting_seats_the_applicant_and_emails_them(cohort, director):
    application = apply(cohort)

    application_decide(application=application, decision="accept", by=director)

    membership = CohortMembership.objects.get(user=application.applicant)
    assert membership.cohort == cohort
    email = OutboxEmail.objects.get(template="programs/application_decided")
    assert email.context["event"] == "accepted"
    assert "You are in" in email.subject


def test_waitlisting_and_rejecting_email_the_applicant(cohort, director):
    waiting, refused = apply(cohort), apply(cohort)

    application_decide(application=waiting, decision="waitlist", by=director)
    application_decide(application=refused, decision="reject", by=director)

    events = sorted(
        OutboxEmail.objects.filter(template="programs/application_decided").values_list(
            "context__event", flat=True
        )
    )
    assert events == ["rejected", "waitlisted"]
    assert not CohortMembership.objects.exists()


def test_accepting_is_refused_when_every_seat_is_taken(director):
    cohort = CohortFactory(
        capacity=1, program__organization=director.organization_memberships.get().organization
    )
    enrol(cohort)
    late = apply(cohort)

    with pytest.raises(ValidationError, match="full"):
        application_decide(application=late, decision="accept", by=director)

    assert seats_taken(cohort=cohort) == 1


def test_a_decided_application_cannot_be_decided_again(cohort, director):
    application = apply(cohort)
    application_decide(application=application, decision="reject", by=director)

    with pytest.raises(ValidationError):
        application_decide(application=application, decision="accept", by=director)


def test_second_live_application_to_the_same_program_is_refused(cohort):
    user = UserFactory()
    apply(cohort, user)
    other = CohortFactory(program=cohort.program)

    with pytest.raises(ValidationError, match="already applied"):
        apply(other, user)


def test_the_database_holds_one_cohort_per_member_per_program(cohort):
    membership = enrol(cohort)
    other = CohortFactory(program=cohort.program)

    with pytest.raises(IntegrityError), transaction.atomic():
        CohortMembership.objects.create(cohort=other, program=cohort.program, user=membership.user)


def test_applications_are_refused_outside_the_window(db):
    cohort = CohortFactory(
        applications_open_at=timezone.now() - datetime.timedelta(days=10),
        applications_close_at=timezone.now() - datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="closed"):
        apply(cohort)


def test_open_cohort_seats_at_once_then_waitlists(db):
    cohort = CohortFactory(capacity=1, enrolment_mode=Cohort.Mode.OPEN)

    first, second = apply(cohort), apply(cohort)

    assert first.status == Application.Status.ACCEPTED
    assert second.status == Application.Status.WAITLISTED
    assert seats_taken(cohort=cohort) == 1


def test_a_learner_leaving_gives_the_seat_to_the_first_on_the_waiting_list(db):
    cohort = CohortFactory(capacity=1, enrolment_mode=Cohort.Mode.OPEN)
    seated = apply(cohort)
    first, second = apply(cohort), apply(cohort)

    membership_leave(membership=CohortMembership.objects.get(user=seated.applicant))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Application.Status.ACCEPTED
    assert second.status == Application.Status.WAITLISTED
    assert CohortMembership.objects.get(user=first.applicant).status == CohortMembership.Status.ACTIVE
    assert (
        OutboxEmail.objects.filter(template="programs/application_decided", context__event="promoted").count()
        == 1
    )


def test_more_seats_go_to_the_waiting_list_in_order(db):
    cohort = CohortFactory(capacity=1, enrolment_mode=Cohort.Mode.OPEN)
    apply(cohort)
    waiting = [apply(cohort) for _ in range(3)]

    cohort_set_capacity(cohort=cohort, capacity=3)

    statuses = [Application.objects.get(pk=a.pk).status for a in waiting]
    assert statuses == ["accepted", "accepted", "waitlisted"]


def test_capacity_cannot_drop_below_the_seats_taken(db):
    cohort = CohortFactory(capacity=2, enrolment_mode=Cohort.Mode.OPEN)
    apply(cohort), apply(cohort)

    with pytest.raises(ValidationError):
        cohort_set_capacity(cohort=cohort, capacity=1)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_last_seat_goes_to_exactly_one_of_many_concurrent_joiners():
    cohort = CohortFactory(capacity=1, enrolment_mode=Cohort.Mode.OPEN)
    users = [UserFactory() for _ in range(8)]
    barrier = threading.Barrier(len(users))
    results: list[str] = []
    errors: list[Exception] = []

    def join(user):
        try:
            barrier.wait()
            results.append(apply(cohort, user).status)
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
    assert sorted(results) == ["accepted"] + ["waitlisted"] * 7
    assert CohortMembership.objects.filter(cohort=cohort).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_directors_accepting_for_the_last_seat_seat_only_one():
    cohort = CohortFactory(capacity=1)
    from tests.programs.factories import make_director

    director = make_director(cohort.program.organization)
    applications = [apply(cohort) for _ in range(4)]
    barrier = threading.Barrier(len(applications))
    outcomes: list[str] = []

    def accept(application):
        try:
            barrier.wait()
            application_decide(application=application, decision="accept", by=director)
            outcomes.append("seated")
        except ValidationError:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(a,)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["full", "full", "full", "seated"]
    assert seats_taken(cohort=cohort) == 1
