"""The mentor API call the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from django.urls import reverse

from apps.core.benchmark.targets import Target


def targets(*, member) -> list[Target]:
    if member is None:
        return []
    return [Target("mentor suggestions (API)", reverse("mentor_api:suggestions"), kind="api", session=True)]
