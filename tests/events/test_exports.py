"""Staff exports survive a worker that stops: leases, the periodic sweep, the attempt cap,
and what the status page says about it."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.events.exports import LeaseLost, _progress, export_claim
from apps.events.models import Export
from apps.events.tasks import events_exports_sweep
from tests.events.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _export_settings(settings, tmp_path):
    settings.EVENTS_EXPORT_LEASE_SECONDS = 300
    settings.EVENTS_EXPORT_MAX_ATTEMPTS = 3


def _stuck(event, *, attempts: int, **fields) -> Export:
    """What a worker killed mid-export leaves behind: running, part done, lease lapsed."""
    defaults = {"locked_until": timezone.now() - timedelta(seconds=1), "total": 2, "done": 1}
    return Export.objects.create(
        event=event,
        kind="registration",
        format="csv",
        state=Export.State.RUNNING,
        attempts=attempts,
        **(defaults | fields),
    )


def _status_page(client, export) -> str:
    return client.get(reverse("events_staff:export-status", kwargs={"pk": export.pk})).content.decode()


def test_sweep_restarts_an_export_whose_worker_stopped_and_it_completes(event, staff_client):
    RegistrationFactory(event=event, last_name="Adeyemi")
    RegistrationFactory(event=event, last_name="Balogun")
    export = _stuck(event, attempts=1)

    # huey runs tasks immediately in tests: the restarted run happens inside the sweep.
    assert events_exports_sweep.call_local() == (1, 0)

    export.refresh_from_db()
    assert (export.state, export.attempts, export.done, export.total) == (Export.State.DONE, 2, 2, 2)
    assert export.locked_until is None and export.error == ""
    rows = list(csv.reader(io.StringIO(export.file.open("rb").read().decode("utf-8-sig"))))
    assert len(rows) == 3
    html = _status_page(staff_client, export)
    assert "Download" in html and "every 1s" not in html


def test_status_page_says_a_running_export_was_restarted(event, staff_client):
    export = _stuck(event, attempts=2, locked_until=timezone.now() + timedelta(minutes=4))

    html = _status_page(staff_client, export)

    assert "Restarted after the worker stopped (run 2 of 3)" in html
    assert "every 1s" in html  # still polling


def test_first_run_says_nothing_about_restarts(event, staff_client):
    export = _stuck(event, attempts=1, locked_until=timezone.now() + timedelta(minutes=4))

    assert "Restarted" not in _status_page(staff_client, export)


def test_sweep_fails_an_export_out_of_attempts_and_the_page_says_why(event, staff_client):
    export = _stuck(event, attempts=3)

    assert events_exports_sweep.call_local() == (0, 1)

    export.refresh_from_db()
    assert export.state == Export.State.FAILED
    assert export.error == "the worker stopped 3 times while writing it"
    html = _status_page(staff_client, export)
    assert "The export failed: the worker stopped 3 times while writing it." in html
    assert "Start it again" in html
    assert (
        reverse("events_staff:submission-list", kwargs={"slug": event.slug, "kind": "registration"}) in html
    )
    assert "every 1s" not in html


def test_sweep_leaves_live_runs_and_fresh_exports_alone(event):
    live = _stuck(event, attempts=1, locked_until=timezone.now() + timedelta(seconds=30))
    fresh = Export.objects.create(event=event, kind="registration", format="csv")

    assert events_exports_sweep.call_local() == (0, 0)

    states = dict(Export.objects.values_list("pk", "state"))
    assert states == {live.pk: Export.State.RUNNING, fresh.pk: Export.State.PENDING}


def test_sweep_runs_an_export_whose_queued_task_never_ran(event):
    RegistrationFactory(event=event)
    lost = Export.objects.create(event=event, kind="registration", format="csv")
    Export.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(minutes=6))

    assert events_exports_sweep.call_local() == (1, 0)

    lost.refresh_from_db()
    assert (lost.state, lost.attempts, lost.total) == (Export.State.DONE, 1, 1)


def test_a_run_whose_lease_was_taken_over_stops_writing(event):
    first = export_claim(export_id=Export.objects.create(event=event, kind="registration", format="csv").pk)
    assert export_claim(export_id=first.pk) is None  # held by a live run

    Export.objects.filter(pk=first.pk).update(locked_until=timezone.now() - timedelta(seconds=1))
    second = export_claim(export_id=first.pk)

    assert second is not None and second.attempts == 2
    with pytest.raises(LeaseLost):
        _progress(first, 500)
    _progress(second, 500)
    assert Export.objects.get(pk=first.pk).done == 500


def test_a_failing_export_is_not_retried(
    event, monkeypatch, staff_client, django_capture_on_commit_callbacks
):
    def explode(export):
        raise ValueError("disk full")

    monkeypatch.setattr("apps.events.exports._write_csv", explode)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("events_staff:export-create", kwargs={"slug": event.slug, "kind": "registration"}),
            {"format": "csv", "status": ""},
        )
    export = Export.objects.get()

    assert (export.state, export.error, export.attempts) == (Export.State.FAILED, "disk full", 1)
    assert events_exports_sweep.call_local() == (0, 0)
    assert "The export failed: disk full." in _status_page(staff_client, export)
