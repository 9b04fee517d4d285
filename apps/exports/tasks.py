"""Background work for exports: writing one, the sweep every minute that restarts those
whose worker stopped, and the hourly deletion of exports past EXPORT_KEEP_DAYS."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from apps.exports import services


@db_task()
def export_run_task(export_id: int) -> None:
    services.export_run(export_id=export_id)


@db_periodic_task(crontab(minute="*"))
def exports_sweep() -> tuple[int, int]:
    """Restart exports whose worker stopped (their lease ran out), or fail them for good."""
    return services.exports_sweep()


@db_periodic_task(crontab(minute="23"))
def exports_expire() -> int:
    """Delete exports (and their files) asked for more than EXPORT_KEEP_DAYS ago."""
    return services.exports_expire()
