"""Background work for events: the privacy sweep every hour."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from apps.events import retention

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="17"))
def events_privacy_sweep() -> None:
    """Delete submissions never confirmed within 7 days; anonymise events past retention."""
    purged = retention.submissions_purge_unconfirmed()
    anonymised = retention.events_anonymise_expired()
    logger.info("events privacy sweep: %s unconfirmed deleted, %s anonymised", purged, anonymised)
