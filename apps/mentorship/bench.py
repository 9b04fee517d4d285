"""The mentorship pages the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from apps.core.benchmark.targets import Target, htmx_partial, signed_in


def targets(*, member) -> list[Target]:
    list_url = reverse("mentorship:mentor-list")
    ranked = list_url + "?" + urlencode({"track": "builders", "skills": "python", "tz": "Africa/Lagos"})
    listing = Target("mentors: ranked for a member", ranked)
    found = [listing, htmx_partial("mentors: ranked, HTMX partial", ranked, hx_target="mentor-results")]
    if member is not None:
        found += [
            signed_in(listing),
            Target("coaching page", reverse("coaching:home"), session=True),
            Target("my mentorships", reverse("mentorship:mine"), session=True),
        ]
    return found
