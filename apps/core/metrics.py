"""Prometheus metrics, served at METRICS_PATH to a scraper holding METRICS_TOKEN.

Counted as things happen (per process; summed across gunicorn workers when
PROMETHEUS_MULTIPROC_DIR is set, see gunicorn.conf.py):

- `diceytech_requests_total{view, method, status}`: requests answered, by URL pattern name.
- `diceytech_request_duration_seconds{view}`: latency histogram.
- `diceytech_request_queries{view}`: database queries per request (histogram).
- `diceytech_sandbox_runs_total{verdict}`: learner code runs by verdict. Any app records
  one with `sandbox_run_record(verdict)`.

Read from the database and the queue at each scrape (so every process answers the same):

- `diceytech_queue_depth`: tasks waiting in the huey queue; `diceytech_queue_scheduled`:
  tasks waiting for their time (retries with a delay).
- whatever each app reports from its `gauges.py` (found by name, like privacy.py): a
  `gauges()` function returning `Gauge` values. The outbox reports pending and failed mail
  and the age of the oldest pending one; events report export jobs running.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

PREFIX = "diceytech"

REQUESTS = Counter(
    f"{PREFIX}_requests",
    "Requests answered, by URL pattern name, method and status.",
    ["view", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    f"{PREFIX}_request_duration_seconds",
    "Time to answer a request, by URL pattern name.",
    ["view"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
REQUEST_QUERIES = Histogram(
    f"{PREFIX}_request_queries",
    "Database queries run to answer a request, by URL pattern name.",
    ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200),
)
SANDBOX_RUNS = Counter(f"{PREFIX}_sandbox_runs", "Learner code runs in the sandbox, by verdict.", ["verdict"])

# The sandbox's verdicts (the learning sandbox contract); anything else is counted as "other"
# so a typo cannot create a new time series per call.
SANDBOX_VERDICTS = frozenset({"passed", "failed", "error", "timeout", "memory", "output_limit", "crashed"})


def request_observe(*, view: str, method: str, status: int, seconds: float, queries: int) -> None:
    REQUESTS.labels(view=view, method=method, status=str(status)).inc()
    REQUEST_SECONDS.labels(view=view).observe(seconds)
    REQUEST_QUERIES.labels(view=view).observe(queries)


def sandbox_run_record(verdict: str) -> None:
    """Count one sandbox run: `sandbox_run_record(result.verdict)` after `run_exercise`."""
    SANDBOX_RUNS.labels(verdict=verdict if verdict in SANDBOX_VERDICTS else "other").inc()


@dataclass(frozen=True)
class Gauge:
    """One value an app reports at scrape time (see module docstring)."""

    name: str
    help: str
    value: float
    labels: dict[str, str] = field(default_factory=dict)


def _queue_gauges() -> list[Gauge]:
    from huey.contrib.djhuey import HUEY

    return [
        Gauge("queue_depth", "Tasks waiting in the huey queue.", HUEY.storage.queue_size()),
        Gauge(
            "queue_scheduled", "Tasks waiting for their time (delayed retries).", HUEY.storage.schedule_size()
        ),
    ]


def gauges_read() -> list[Gauge]:
    """The queue's gauges and every app's; a source that fails is left out and logged (a
    scrape must still answer when Redis or the database blinks)."""
    from apps.core.discovery import app_modules

    sources = [("queue", _queue_gauges), *((label, module.gauges) for label, module in app_modules("gauges"))]
    found: list[Gauge] = []
    for label, source in sources:
        try:
            found.extend(source())
        except Exception as exc:  # noqa: BLE001 - one broken source must not hide the others
            logger.warning("metrics: %s gauges failed: %s", label, exc)
    return found


class _GaugeCollector(Collector):
    def collect(self) -> Iterable[GaugeMetricFamily]:
        families: dict[str, GaugeMetricFamily] = {}
        for gauge in gauges_read():
            name = f"{PREFIX}_{gauge.name}"
            family = families.get(name)
            if family is None:
                family = families[name] = GaugeMetricFamily(name, gauge.help, labels=sorted(gauge.labels))
            family.add_metric([gauge.labels[key] for key in sorted(gauge.labels)], gauge.value)
        return families.values()


def metrics_text() -> bytes:
    """The exposition text: counters from this process (or from all of them in multiprocess
    mode) and the gauges read now."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        for collector in (REQUESTS, REQUEST_SECONDS, REQUEST_QUERIES, SANDBOX_RUNS):
            registry.register(collector)
    registry.register(_GaugeCollector())
    return generate_latest(registry)
