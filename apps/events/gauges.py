"""What events report to the metrics page (apps.core.metrics, read at each scrape)."""

from __future__ import annotations

from django.db.models import Count

from apps.core.metrics import Gauge
from apps.events.models import Export


def gauges() -> list[Gauge]:
    """Staff exports waiting for a worker and running now."""
    counts = dict(
        Export.objects.filter(state__in=[Export.State.PENDING, Export.State.RUNNING])
        .values_list("state")
        .annotate(n=Count("pk"))
        .values_list("state", "n")
    )
    return [
        Gauge(
            "export_jobs",
            "Data export jobs not finished yet, by state.",
            counts.get(state, 0),
            {"kind": "events", "state": str(state)},
        )
        for state in (Export.State.PENDING, Export.State.RUNNING)
    ]
