from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from apps.projects.services.github import delivery_process, github_commits_sync

logger = logging.getLogger(__name__)


@db_task(retries=2, retry_delay=30)
def github_delivery_process(delivery_pk: int) -> str:
    """A stored GitHub delivery turned into commits, pull requests and task moves (once: a
    processed delivery is skipped)."""
    result = delivery_process(delivery_pk=delivery_pk)
    logger.info("projects: delivery %s: %s", delivery_pk, result)
    return result


@db_task()
def github_sync(project_pk: int) -> str:
    return github_commits_sync(project_pk=project_pk)


@db_periodic_task(crontab(minute="*/5"))
def github_deliveries_sweep() -> int:
    """Deliveries a lost worker never processed (huey drops a task its worker dies with)."""
    from datetime import timedelta

    from django.utils import timezone

    from apps.projects.models import WebhookDelivery

    stale = WebhookDelivery.objects.filter(processed=None, received__lt=timezone.now() - timedelta(minutes=2))
    pks = list(stale.values_list("pk", flat=True)[:200])
    for pk in pks:
        delivery_process(delivery_pk=pk)
    return len(pks)
