"""Exports survive a worker that stops: leases, the periodic sweep, the attempt cap, and what
the status page says about it; the writers defuse formulas and report progress."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from apps.exports import writers
from apps.exports.models import Export
from apps.exports.services import LeaseLost, _progress, export_claim, export_run, export_start
from apps.exports.tasks import exports_sweep
from tests.events.factories import RegistrationFactory
from tests.exports.factories import ExportFactory, events_params

pytestmark = pytest.mark.django_db


def _stuck(event, *, attempts: int, **fields) -> Export:
    """What a worker killed mid-export leaves behind: running, part done, lease lapsed."""
    defaults = {"locked_until": timezone.now() - timedelta(seconds=1), "total": 2, "done": 1}
    return ExportFactory(
        params=events_params(event), state=Export.State.RUNNING, attempts=attempts, **(defaults | fields)
    )


def _status_page(client, export) -> str:
    return client.get(reverse("exports:export-status", kwargs={"pk": export.pk})).content.decode()


def _rows(export: Export) -> list[list[str]]:
    return list(csv.reader(io.StringIO(export.file.open("rb").read().decode("utf-8-sig"))))


def test_sweep_restarts_an_export_whose_worker_stopped_and_it_completes(event, staff_client):
    RegistrationFactory(event=event, last_name="Adeyemi")
    RegistrationFactory(event=event, last_name="Balogun")
    export = _stuck(event, attempts=1)

    # huey runs tasks immediately in tests: the restarted run happens inside the sweep.
    assert exports_sweep.call_local() == (1, 0)

    export.refresh_from_db()
    assert (export.state, export.attempts, export.done, export.total) == (Export.State.DONE, 2, 2, 2)
    assert export.locked_until is None and export.error == ""
    assert len(_rows(export)) == 3
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

    assert exports_sweep.call_local() == (0, 1)

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
    fresh = ExportFactory(params=events_params(event))

    assert exports_sweep.call_local() == (0, 0)

    states = dict(Export.objects.values_list("pk", "state"))
    assert states == {live.pk: Export.State.RUNNING, fresh.pk: Export.State.PENDING}


def test_sweep_runs_an_export_whose_queued_task_never_ran(event):
    RegistrationFactory(event=event)
    lost = ExportFactory(params=events_params(event))
    Export.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(minutes=6))

    assert exports_sweep.call_local() == (1, 0)

    lost.refresh_from_db()
    assert (lost.state, lost.attempts, lost.total) == (Export.State.DONE, 1, 1)


def test_a_run_whose_lease_was_taken_over_stops_writing(event):
    first = export_claim(export_id=ExportFactory(params=events_params(event)).pk)
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
    def explode(*args, **kwargs):
        raise ValueError("disk full")

    monkeypatch.setattr("apps.exports.services.write_csv", explode)
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("events_staff:export-create", kwargs={"slug": event.slug, "kind": "registration"}),
            {"format": "csv", "status": ""},
        )
    export = Export.objects.get()

    assert (export.state, export.error, export.attempts) == (Export.State.FAILED, "disk full", 1)
    assert exports_sweep.call_local() == (0, 0)
    assert "The export failed: disk full." in _status_page(staff_client, export)


def test_an_export_whose_source_is_gone_fails_with_the_reason():
    export = ExportFactory(source="nowhere.rows")

    export = export_run(export_id=export.pk)

    assert export.state == Export.State.FAILED and "nowhere.rows" in export.error


def test_start_refuses_an_unknown_source_and_a_format_the_source_cannot_write(staff_user):
    with pytest.raises(ValidationError):
        export_start(source="nowhere.rows", params={}, file_format="csv", by=staff_user)
    with pytest.raises(ValidationError):
        export_start(source="events.registration", params={}, file_format="pdf", by=staff_user)
    assert not Export.objects.exists()


def test_progress_is_saved_every_batch_of_rows(event, monkeypatch):
    monkeypatch.setattr(writers, "BATCH", 2)
    RegistrationFactory.create_batch(5, event=event)
    export = ExportFactory(params=events_params(event))
    seen = []
    real = _progress

    def spy(export, done):
        seen.append((done, Export.objects.get(pk=export.pk).total))
        real(export, done)

    monkeypatch.setattr("apps.exports.services._progress", spy)

    export = export_run(export_id=export.pk)

    assert seen == [(2, 5), (4, 5)]
    assert (export.state, export.done, export.percent) == (Export.State.DONE, 5, 100)


@pytest.mark.parametrize("value", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_start_like_a_formula_are_defused(value):
    content = writers.write_csv(["a", "b"], [[value, 3], [None, "plain"]], progress=lambda done: None)

    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))

    assert rows == [["a", "b"], ["'" + value, "3"], ["", "plain"]]


def test_xlsx_cells_that_start_like_a_formula_are_text():
    content = writers.write_xlsx(
        ["name", "n"], [["=cmd|' /C calc'!A0", 2]], progress=lambda done: None, sheet="registration"
    )

    sheet = load_workbook(io.BytesIO(content)).active

    assert sheet.title == "registration"
    assert [cell.value for cell in sheet[2]] == ["'=cmd|' /C calc'!A0", 2]
    assert sheet["A2"].data_type == "s"


def test_csv_starts_with_a_byte_order_mark_for_spreadsheets():
    assert writers.write_csv(["naïra"], [["₦5"]], progress=lambda done: None).startswith(b"\xef\xbb\xbf")


def test_exports_are_deleted_with_their_files_a_week_after_they_were_asked_for(
    event, settings, django_capture_on_commit_callbacks
):
    from apps.exports.tasks import exports_expire

    settings.EXPORT_KEEP_DAYS = 7
    RegistrationFactory(event=event)
    old = export_run(export_id=ExportFactory(params=events_params(event)).pk)
    recent = export_run(export_id=ExportFactory(params=events_params(event)).pk)
    storage = old.file.storage
    week_ago = timezone.now() - timedelta(days=7, minutes=1)
    Export.objects.filter(pk=old.pk).update(created_at=week_ago)
    still_running = _stuck(event, attempts=1)
    Export.objects.filter(pk=still_running.pk).update(created_at=week_ago)

    with django_capture_on_commit_callbacks(execute=True):
        assert exports_expire.call_local() == 1

    assert set(Export.objects.values_list("pk", flat=True)) == {recent.pk, still_running.pk}
    assert not storage.exists(old.file.name)
    assert storage.exists(recent.file.name)
