from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from apps.community.digest import digest_send_all

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="0"))
def weekly_digest() -> None:
    """Monday morning: the weekly digest for every member who asked for it."""
    sent = digest_send_all()
    logger.info("weekly digest: %s emails enqueued", sent)
