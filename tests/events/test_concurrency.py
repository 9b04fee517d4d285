"""Races that only a real database shows: PostgreSQL with threads, each on its own connection."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from apps.events import services
from apps.events.models import Event, Registration, Status
from tests.events.conftest import registration_data
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def run_together(functions) -> list:
    """Start every function at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(functions))
    results: list = [None] * len(functions)
    errors: list[BaseException] = []

    def worker(index, function):
        try:
            barrier.wait()
            results[index] = function()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return results


def test_two_confirmations_for_the_last_seat_give_exactly_one_seat():
    for _ in range(5):  # the race is timing-dependent: run it several times
        event = EventFactory(capacity=1)
        first, second = RegistrationFactory(event=event), RegistrationFactory(event=event)
        run_together(
            [
                (lambda pk=first.pk: services.submission_confirm(submission=Registration.objects.get(pk=pk))),
                (
                    lambda pk=second.pk: services.submission_confirm(
                        submission=Registration.objects.get(pk=pk)
                    )
                ),
            ]
        )
        statuses = sorted(Registration.objects.filter(event=event).values_list("status", flat=True))
        assert statuses == [Status.CONFIRMED, Status.WAITLISTED]
        assert Event.objects.get(pk=event.pk).seats_taken == 1


def test_many_confirmations_never_overbook():
    event = EventFactory(capacity=3)
    registrations = [RegistrationFactory(event=event) for _ in range(8)]
    run_together(
        [
            (lambda pk=r.pk: services.submission_confirm(submission=Registration.objects.get(pk=pk)))
            for r in registrations
        ]
    )
    assert Registration.objects.filter(event=event, status=Status.CONFIRMED).count() == 3
    assert Registration.objects.filter(event=event, status=Status.WAITLISTED).count() == 5
    assert Event.objects.get(pk=event.pk).seats_taken == 3


def test_two_identical_posts_at_the_same_moment_create_one_row(settings):
    settings.EVENTS_FORM_MIN_SECONDS = 0
    event = EventFactory()
    url = reverse("events:registration-create", kwargs={"slug": event.slug})
    data = registration_data()

    def post():
        return Client().post(url, data).status_code

    for _ in range(3):
        assert run_together([post, post]) == [302, 302]
    assert Registration.objects.filter(event=event).count() == 1
