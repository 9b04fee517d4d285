"""What the code sandbox reports to the metrics page (apps.core.metrics, read at each scrape).

Learner code runs in the huey workers, often on other machines than the web processes that
answer /metrics, so the runs are counted from the attempts themselves: the backlog now, and
the verdicts of the last hour.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from apps.core.metrics import Gauge
from apps.learning.models import Attempt

RECENT = timedelta(hours=1)


def gauges() -> list[Gauge]:
    waiting = dict(
        Attempt.objects.filter(status__in=[Attempt.Status.QUEUED, Attempt.Status.RUNNING])
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    recent = dict(
        Attempt.objects.filter(created_at__gte=timezone.now() - RECENT)
        .filter(status=Attempt.Status.DONE)
        .values_list("verdict")
        .annotate(n=Count("pk"))
        .values_list("verdict", "n")
    )
    unavailable = Attempt.objects.filter(
        created_at__gte=timezone.now() - RECENT, status=Attempt.Status.UNAVAILABLE
    ).count()
    found = [
        Gauge(
            "sandbox_attempts",
            "Submitted code waiting for the sandbox, or running in it.",
            waiting.get(s, 0),
            {"state": str(s)},
        )
        for s in (Attempt.Status.QUEUED, Attempt.Status.RUNNING)
    ]
    found += [
        Gauge(
            "sandbox_verdicts_last_hour",
            "Sandbox runs submitted in the last hour, by verdict (unavailable: not run).",
            recent.get(verdict, 0),
            {"verdict": str(verdict)},
        )
        for verdict in Attempt.Verdict
    ]
    found.append(
        Gauge(
            "sandbox_verdicts_last_hour",
            "Sandbox runs submitted in the last hour, by verdict (unavailable: not run).",
            unavailable,
            {"verdict": "unavailable"},
        )
    )
    return found
