"""The project pages the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from django.urls import reverse

from apps.core.benchmark.targets import Target


def targets(*, member) -> list[Target]:
    return [Target("project list", reverse("projects:list"))]
