from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from apps.programs.services import memberships_complete_due, queue_escalate_due

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/15"))
def programs_escalate_reviews() -> int:
    """Every quarter hour: submissions that waited PROGRAMS_ESCALATE_HOURS for one mentor
    are offered to another (and unassigned ones find a mentor)."""
    moved = queue_escalate_due()
    if moved:
        logger.info("programs: %s submissions passed to another mentor", moved)
    return moved


@db_periodic_task(crontab(minute="41"))
def programs_complete_learners() -> int:
    """Hourly: learners whose missions were approved before they finished the program's
    courses are marked complete once the courses are done."""
    return memberships_complete_due()
