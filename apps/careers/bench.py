"""The career pages the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from django.urls import reverse

from apps.careers.models import Result
from apps.core.benchmark.targets import Target


def targets(*, member) -> list[Target]:
    found = [Target("careers: how the quiz works", reverse("careers:how"))]
    result = Result.objects.filter(user=member).order_by("-pk").first() if member is not None else None
    if result is not None:
        found.append(Target("careers: quiz result", result.get_absolute_url(), session=True))
    return found
