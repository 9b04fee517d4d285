"""CSV and XLSX exports of a form's submissions, written by a huey task with progress."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

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


def _progress(export: Export, done: int) -> None:
    Export.objects.filter(pk=export.pk).update(done=done)


def export_run(*, export_id: int) -> Export:
    """Write the file. Progress is saved every BATCH rows so the status page can show it."""
    export = Export.objects.select_related("event").get(pk=export_id)
    if export.state == Export.State.DONE:
        return export
    export.total = _queryset(export).count()
    export.state = Export.State.RUNNING
    export.save(update_fields=["total", "state"])
    try:
        content = _write_csv(export) if export.format == Export.Format.CSV else _write_xlsx(export)
        export.file.save(export.filename, ContentFile(content), save=False)
        export.state = Export.State.DONE
        export.done = export.total
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "state", "done", "finished_at"])
    except Exception as exc:
        logger.exception("Export %s failed", export.pk)
        export.state = Export.State.FAILED
        export.error = str(exc)[:300]
        export.save(update_fields=["state", "error"])
    return export


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
