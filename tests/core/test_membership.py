"""On/off rows (apps.core.membership): asking for a state sets it, asking again changes
nothing, and racing requests leave exactly one row."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from apps.core.membership import membership_set
from apps.jobs.models import SavedJob
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory


@pytest.mark.django_db
def test_membership_set_reports_a_change_only_when_the_state_changes():
    user, job = UserFactory(), JobFactory()
    assert membership_set(SavedJob, on=True, user=user, job=job) is True
    assert membership_set(SavedJob, on=True, user=user, job=job) is False
    assert SavedJob.objects.filter(user=user, job=job).count() == 1
    assert membership_set(SavedJob, on=False, user=user, job=job) is True
    assert membership_set(SavedJob, on=False, user=user, job=job) is False
    assert not SavedJob.objects.exists()


@pytest.mark.django_db
def test_membership_set_touches_only_the_rows_it_names():
    user, other, job = UserFactory(), UserFactory(), JobFactory()
    membership_set(SavedJob, on=True, user=other, job=job)
    membership_set(SavedJob, on=True, user=user, job=job)
    membership_set(SavedJob, on=False, user=user, job=job)
    assert list(SavedJob.objects.values_list("user_id", flat=True)) == [other.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_racing_saves_leave_one_row_and_one_change():
    user, job = UserFactory(), JobFactory()
    barrier = threading.Barrier(6)
    changes: list[bool] = []

    def save() -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            changes.append(membership_set(SavedJob, on=True, user=user, job=job))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=save) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(changes) == [False] * 5 + [True]
    assert SavedJob.objects.filter(user=user, job=job).count() == 1
