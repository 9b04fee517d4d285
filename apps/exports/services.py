"""Exports written by a huey task with progress.

huey drops a task when a worker takes it, so a worker killed mid-export would leave the row
"running" for ever. Instead a run claims the row with a lease (as the mail outbox does),
renews it with every batch of rows, and writes its outcome only while the row is still its
own; a periodic sweep restarts exports whose lease has lapsed, or marks them failed once they
have used up EXPORT_MAX_ATTEMPTS runs.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.core.live import publish
from apps.exports.live import export_channel
from apps.exports.models import Export
from apps.exports.sources import Source, UnknownSource, source_get
from apps.exports.writers import write_csv, write_xlsx

logger = logging.getLogger(__name__)

# The reason shown on the status page of an export that ran out of attempts.
STOPPED_TOO_OFTEN = "the worker stopped {attempts} times while writing it"


@transaction.atomic
def export_start(*, source: str, params: dict, file_format: str, by) -> Export:
    """Ask for an export; a task writes it once this transaction commits. The caller has
    checked that `by` may read what it asks for."""
    from apps.exports.tasks import export_run_task

    try:
        formats = source_get(source).formats
    except UnknownSource:
        raise ValidationError("There is no such export.", code="unknown_source") from None
    if file_format not in formats:
        raise ValidationError("This export cannot be written in that format.", code="format")
    export = Export(source=source, params=params, format=file_format, created_by=by)
    export.full_clean()
    export.save()
    transaction.on_commit(lambda: export_run_task(export.pk))
    return export


def export_filename(export: Export, source: Source) -> str:
    return f"{source.file_stem(export.params)}-{export.created_at:%Y%m%d-%H%M}.{export.format}"


class LeaseLost(Exception):
    """Another run has taken the export over (ours was presumed dead): stop writing."""


def _lease_end(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(seconds=settings.EXPORT_LEASE_SECONDS)


def export_claim(*, export_id: int, now: datetime | None = None) -> Export | None:
    """Take the export for one run, or None when it is finished, held by a live run, or out of
    attempts. One conditional UPDATE, so exactly one of two racing workers gets it."""
    now = now or timezone.now()
    claimed = (
        Export.objects.filter(pk=export_id, attempts__lt=settings.EXPORT_MAX_ATTEMPTS)
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
    return Export.objects.get(pk=export_id)


def _ours(export: Export):
    """The row, as long as this run still owns it."""
    return Export.objects.filter(pk=export.pk, state=Export.State.RUNNING, attempts=export.attempts)


def _progress(export: Export, done: int) -> None:
    """Save progress for the status page and renew the lease: a run that still writes rows
    is alive, however long the whole export takes."""
    if not _ours(export).update(done=done, locked_until=_lease_end()):
        raise LeaseLost
    publish(export_channel(export.pk), "export", str(done))


def _write(export: Export, source: Source) -> bytes:
    columns, rows = source.columns(export.params), source.rows(export.params)
    progress = partial(_progress, export)
    if export.format == Export.Format.XLSX:
        return write_xlsx(columns, rows, progress, sheet=source.file_stem(export.params))
    return write_csv(columns, rows, progress)


def export_run(*, export_id: int) -> Export | None:
    """Write the file. Progress is saved every BATCH rows so the status page can show it.
    Returns None when the export was not this run's to write (see export_claim)."""
    export = export_claim(export_id=export_id)
    if export is None:
        return None
    try:
        source = source_get(export.source)
        export.total = source.count(export.params)
        if not _ours(export).update(total=export.total, locked_until=_lease_end()):
            raise LeaseLost
        content = _write(export, source)
        export.file.save(export_filename(export, source), ContentFile(content), save=False)
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
        # the same way, so the person who asked is told at once.
        logger.exception("Export %s failed", export.pk)
        _ours(export).update(state=Export.State.FAILED, error=str(exc)[:300], locked_until=None)
    publish(export_channel(export.pk), "export", "end")
    export.refresh_from_db()
    return export


def exports_due_for_sweep(*, now: datetime | None = None, limit: int = 100) -> list[int]:
    """Exports whose run was evidently lost: running past their lease (the worker died), or
    still waiting a whole lease after they were asked for (the queued task never ran)."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.EXPORT_LEASE_SECONDS)
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
    from apps.exports.tasks import export_run_task

    now = now or timezone.now()
    pks = exports_due_for_sweep(now=now)
    limit = settings.EXPORT_MAX_ATTEMPTS
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


def exports_expire(*, now: datetime | None = None) -> int:
    """Delete exports asked for more than EXPORT_KEEP_DAYS ago, with their files. An export is
    a copy of personal data made for one task, not an archive: kept for ever, it would outlive
    the erasure of every member in it. Unfinished ones are left to the sweep. Returns how many
    were deleted."""
    now = now or timezone.now()
    expired = Export.objects.filter(
        created_at__lt=now - timedelta(days=settings.EXPORT_KEEP_DAYS),
        state__in=[Export.State.DONE, Export.State.FAILED],
    )
    files = [name for name in expired.values_list("file", flat=True) if name]
    deleted, _ = expired.delete()
    storage = Export._meta.get_field("file").storage

    def delete_files() -> None:
        for name in files:
            storage.delete(name)

    transaction.on_commit(delete_files)
    if deleted:
        logger.info("Deleted %s export(s) older than %s days.", deleted, settings.EXPORT_KEEP_DAYS)
    return deleted
