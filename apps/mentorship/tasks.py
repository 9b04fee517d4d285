from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from apps.mentorship.services import invitations_send_due, mentorship_expire_due, reminders_send_due

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))
def mentorship_reminders() -> int:
    """Every five minutes: reminders 24 hours and 1 hour before each session, once each
    (a marker row per session and kind; the emails go through the outbox)."""
    count = reminders_send_due()
    if count:
        logger.info("mentorship: %s session reminders", count)
    return count


@db_periodic_task(crontab(minute="23"))
def mentorship_event_invitations() -> int:
    """Hourly: invite OTEI attendees who asked for mentorship after their event ended."""
    count = invitations_send_due()
    if count:
        logger.info("mentorship: %s event attendees invited", count)
    return count


@db_periodic_task(crontab(minute="41"))
def mentorship_requests_expire() -> int:
    """Hourly: requests unanswered for MENTORSHIP_REQUEST_DAYS close, and the member is told."""
    count = mentorship_expire_due()
    if count:
        logger.info("mentorship: %s unanswered requests closed", count)
    return count
