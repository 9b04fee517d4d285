"""What exports report to the metrics page (apps.core.metrics, read at each scrape)."""

from __future__ import annotations

from django.db.models import Count

from apps.core.metrics import Gauge
from apps.exports.models import Export
from apps.exports.sources import registry, source_app

UNFINISHED = (Export.State.PENDING, Export.State.RUNNING)


def gauges() -> list[Gauge]:
    """Exports waiting for a worker and running now, per app whose rows they hold (the
    partial index covers them)."""
    counts: dict[tuple[str, str], int] = {}
    rows = (
        Export.objects.filter(state__in=UNFINISHED)
        .values_list("source", "state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for source, state, n in rows:
        key = (source_app(source), state)
        counts[key] = counts.get(key, 0) + n
    kinds = sorted({source_app(key) for key in registry()} | {kind for kind, _ in counts})
    return [
        Gauge(
            "export_jobs",
            "Data export jobs not finished yet, by the app whose rows they hold and state.",
            counts.get((kind, str(state)), 0),
            {"kind": kind, "state": str(state)},
        )
        for kind in kinds
        for state in UNFINISHED
    ]
