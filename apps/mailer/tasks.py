"""huey tasks: deliver one outbox row; sweep rows whose delivery task was lost."""

from __future__ import annotations

import time

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from apps.mailer import services


@db_task()
def deliver_email(pk: int) -> str | None:
    return services.email_deliver(pk=pk)


@db_periodic_task(crontab(minute="*"))
def sweep_outbox() -> int:
    """Once a minute (and at every consumer start). With MAILER_SWEEP_INTERVAL_SECONDS below
    60 the sweep repeats within the minute, holding one worker thread while it does."""
    interval = settings.MAILER_SWEEP_INTERVAL_SECONDS
    queued = services.email_sweep()
    if interval >= 60:
        return queued
    deadline = time.monotonic() + 60 - interval
    while time.monotonic() + interval < deadline:
        time.sleep(interval)
        queued += services.email_sweep()
    return queued
