"""What the outbox reports to the metrics page (apps.core.metrics, read at each scrape)."""

from __future__ import annotations

from django.db.models import Count, Min, Q
from django.utils import timezone

from apps.core.metrics import Gauge
from apps.mailer.models import OutboxEmail

UNSENT = (OutboxEmail.Status.PENDING, OutboxEmail.Status.SENDING)


def gauges() -> list[Gauge]:
    """Pending (or being sent) and failed mail, and how long the oldest unsent mail has
    waited: one query over the undelivered rows (the partial index covers them)."""
    row = OutboxEmail.objects.exclude(status=OutboxEmail.Status.SENT).aggregate(
        pending=Count("pk", filter=Q(status__in=UNSENT)),
        failed=Count("pk", filter=Q(status=OutboxEmail.Status.FAILED)),
        oldest=Min("created_at", filter=Q(status__in=UNSENT)),
    )
    age = (timezone.now() - row["oldest"]).total_seconds() if row["oldest"] else 0.0
    return [
        Gauge("outbox_pending", "Emails waiting to be sent (pending or being sent).", row["pending"]),
        Gauge("outbox_failed", "Emails that failed for good and wait for a retry by staff.", row["failed"]),
        Gauge(
            "outbox_oldest_pending_age_seconds",
            "Age of the oldest email not sent yet (0 when none).",
            max(age, 0.0),
        ),
    ]
