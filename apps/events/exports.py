"""CSV and XLSX exports of a form's submissions, written by a huey task with progress.

huey drops a task when a worker takes it, so a worker killed mid-export would leave the row
"running" for ever. Instead a run claims the row with a lease (as the mail outbox does),
renews it with every batch of rows, and writes its outcome only while the row is still its
own; a periodic sweep restarts exports whose lease has lapsed, or marks them failed once they
have used up EVENTS_EXPORT_MAX_ATTEMPTS runs.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.core.live import publish
from apps.events.live import export_channel
from apps.events.models import Event, Export, Submission
from apps.events.selectors import submissions_for_staff

logger = logging.getLogger(__name__)

BATCH = 500
# Spreadsheet programs run cells that start like a formula; a leading apostrophe stops that.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def export_columns(kind: str) -> list[str]:
    from apps.events.forms import FORM_CLASSES

    form_fields = list(FORM_CLASSES[kind]._meta.fields)
    extra = ["ticket_code", "checked_in_at"] if kind == "registration" else ["decision_note", "decided_at"]
    return ["id", "status", "created_at", "confirmed_at", *form_fields, *extra]


def cell_value(submission: Submission, column: str) -> str | int | bool | None:
    """One column of one submission as a person reads it: choice labels, lists joined with
    "; ", local times, and text that a spreadsheet would run as a formula defused."""
    value = getattr(submission, column)
    if column == "status":
        return submission.get_status_display()
    if hasattr(value, "isoformat"):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if hasattr(value, "tzinfo")
            else value.isoformat()
        )
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    field = submission._meta.get_field(column) if column != "id" else None
    if field is not None and field.choices and value:
        value = dict(field.choices).get(value, value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _queryset(export: Export):
    """The rows the staff list showed when the export was asked for (status and search)."""
    return submissions_for_staff(
        event=export.event, kind=export.kind, status=export.status_filter, q=export.search
    ).order_by("pk")


def export_rows(export: Export) -> Iterator[list]:
    columns = export_columns(export.kind)
    for submission in _queryset(export).iterator(chunk_size=BATCH):
        yield [cell_value(submission, column) for column in columns]


@transaction.atomic
def export_start(*, event: Event, kind: str, file_format: str, status: str, search: str = "", by) -> Export:
    from apps.events.tasks import export_run_task

    export = Export.objects.create(
        event=event, kind=kind, format=file_format, status_filter=status, search=search, created_by=by
    )
    transaction.on_commit(lambda: export_run_task(export.pk))
    return export


class LeaseLost(Exception):
    """Another run has taken the export over (ours was presumed dead): stop writing."""


def _lease_end(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(seconds=settings.EVENTS_EXPORT_LEASE_SECONDS)


def export_claim(*, export_id: int, now: datetime | None = None) -> Export | None:
    """Take the export for one run, or None when it is finished, held by a live run, or out of
    attempts. One conditional UPDATE, so exactly one of two racing workers gets it."""
    now = now or timezone.now()
    claimed = (
        Export.objects.filter(pk=export_id, attempts__lt=settings.EVENTS_EXPORT_MAX_ATTEMPTS)
        .filter(Q(state=Export.State.PENDING) | Q(state=Export.State.RUNNING, locked_until__lt=now))
        .update(
            state=Export.State.RUNNING,
            attempts=F("attempts") + 1,
            locked_until=_lease_end(now),
            done=0,
            error="",
        )
    )
    if not claimed:
        return None
    return Export.objects.select_related("event").get(pk=export_id)


def _ours(export: Export):
    """The row, as long as this run still owns it."""
    return Export.objects.filter(pk=export.pk, state=Export.State.RUNNING, attempts=export.attempts)


def _progress(export: Export, done: int) -> None:
    """Save progress for the status page and renew the lease: a run that still writes rows
    is alive, however long the whole export takes."""
    if not _ours(export).update(done=done, locked_until=_lease_end()):
        raise LeaseLost
    publish(export_channel(export.pk), "export", str(done))


def export_run(*, export_id: int) -> Export | None:
    """Write the file. Progress is saved every BATCH rows so the status page can show it.
    Returns None when the export was not this run's to write (see export_claim)."""
    export = export_claim(export_id=export_id)
    if export is None:
        return None
    try:
        export.total = _queryset(export).count()
        if not _ours(export).update(total=export.total, locked_until=_lease_end()):
            raise LeaseLost
        content = _write_csv(export) if export.format == Export.Format.CSV else _write_xlsx(export)
        export.file.save(export.filename, ContentFile(content), save=False)
        finished = _ours(export).update(
            file=export.file.name,
            state=Export.State.DONE,
            done=export.total,
            finished_at=timezone.now(),
            locked_until=None,
        )
        if not finished:
            export.file.delete(save=False)
            raise LeaseLost
    except LeaseLost:
        logger.warning("Export %s: run %s was taken over by another run", export.pk, export.attempts)
        return None
    except Exception as exc:
        # A fault in the data or the code, not a lost worker: running it again would fail
        # the same way, so the staff member is told at once.
        logger.exception("Export %s failed", export.pk)
        _ours(export).update(state=Export.State.FAILED, error=str(exc)[:300], locked_until=None)
    publish(export_channel(export.pk), "export", "end")
    export.refresh_from_db()
    return export


# The reason shown on the status page of an export that ran out of attempts.
STOPPED_TOO_OFTEN = "the worker stopped {attempts} times while writing it"


def exports_due_for_sweep(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Exports whose run was evidently lost: running past their lease (the worker died), or
    still waiting a whole lease after they were asked for (the queued task never ran)."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.EVENTS_EXPORT_LEASE_SECONDS)
    return list(
        Export.objects.filter(
            Q(state=Export.State.RUNNING, locked_until__lt=now)
            | Q(state=Export.State.PENDING, created_at__lt=now - lease)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


def exports_sweep(*, now: datetime | None = None) -> tuple[int, int]:
    """Restart every stuck export that has attempts left and fail the others, with the
    reason. Returns (restarted, failed)."""
    from apps.events.tasks import export_run_task

    now = now or timezone.now()
    pks = exports_due_for_sweep(now=now)
    limit = settings.EVENTS_EXPORT_MAX_ATTEMPTS
    failed = Export.objects.filter(
        pk__in=pks, attempts__gte=limit, state=Export.State.RUNNING, locked_until__lt=now
    ).update(
        state=Export.State.FAILED,
        error=STOPPED_TOO_OFTEN.format(attempts=limit),
        locked_until=None,
    )
    restart = list(
        Export.objects.filter(
            pk__in=pks, attempts__lt=limit, state__in=[Export.State.PENDING, Export.State.RUNNING]
        ).values_list("pk", flat=True)
    )
    for pk in restart:
        export_run_task(pk)
    if restart or failed:
        logger.info("Export sweeper restarted %s export(s), failed %s.", len(restart), failed)
    return len(restart), failed


def _write_csv(export: Export) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(export_columns(export.kind))
    for index, row in enumerate(export_rows(export), start=1):
        writer.writerow(["" if value is None else value for value in row])
        if index % BATCH == 0:
            _progress(export, index)
    # A byte-order mark so Excel opens the UTF-8 (names with accents, ₦) correctly.
    return ("\ufeff" + buffer.getvalue()).encode()


def _write_xlsx(export: Export) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=export.kind[:31])
    sheet.append(export_columns(export.kind))
    for index, row in enumerate(export_rows(export), start=1):
        sheet.append(row)
        if index % BATCH == 0:
            _progress(export, index)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
