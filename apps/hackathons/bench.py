"""The hackathon pages the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from apps.core.benchmark.targets import Target, htmx_partial, signed_in
from apps.hackathons.models import Hackathon


def targets(*, member) -> list[Target]:
    list_url = reverse("hackathons:list")
    # The filter form's own field names (forms.FilterForm) and the HX-Target its hx-get sends.
    filtered = list_url + "?" + urlencode({"q": "ai", "status": "open", "sort": "prize"})
    listing = Target("hackathon list", list_url)
    found = [
        listing,
        *([signed_in(listing)] if member is not None else []),
        Target("hackathon list, filtered", filtered),
        htmx_partial("hackathon list, HTMX partial", filtered, hx_target="results"),
    ]
    newest = Hackathon.objects.order_by("-pk").first()
    if newest is not None:
        found.append(Target("hackathon detail", newest.get_absolute_url()))
    return found
