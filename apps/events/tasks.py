"""Background work for events: exports (and their sweep every minute), and the privacy sweep
every hour."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from apps.events import exports, retention

logger = logging.getLogger(__name__)


@db_task()
def export_run_task(export_id: int) -> None:
    exports.export_run(export_id=export_id)


@db_periodic_task(crontab(minute="*"))
def events_exports_sweep() -> tuple[int, int]:
    """Restart exports whose worker stopped (their lease ran out), or fail them for good."""
    return exports.exports_sweep()


@db_periodic_task(crontab(minute="17"))
def events_privacy_sweep() -> None:
    """Delete submissions never confirmed within 7 days; anonymise events past retention."""
    purged = retention.submissions_purge_unconfirmed()
    anonymised = retention.events_anonymise_expired()
    logger.info("events privacy sweep: %s unconfirmed deleted, %s anonymised", purged, anonymised)
