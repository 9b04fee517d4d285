"""The profile pages the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from django.urls import reverse

from apps.core.benchmark.targets import Target, signed_in


def targets(*, member) -> list[Target]:
    if member is None:
        return []
    profile = Target("profile page", reverse("profiles:detail", args=[member.handle]))
    return [profile, signed_in(profile)]
