from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from apps.jobs.services import job_expire_due

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="7"))
def jobs_expire() -> int:
    """Hourly: listings published more than JOBS_LISTING_DAYS ago leave the board."""
    count = job_expire_due()
    if count:
        logger.info("jobs: %s listings expired", count)
    return count
