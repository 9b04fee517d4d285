"""The job pages the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from apps.core.benchmark.targets import Target, htmx_partial, signed_in
from apps.jobs.models import Job


def targets(*, member) -> list[Target]:
    list_url = reverse("jobs:job-list")
    # The filter form's own field name (forms.JobFilterForm) and the HX-Target its hx-get sends.
    search = list_url + "?" + urlencode({"q": "python"})
    listing = Target("job list", list_url, smoke=True)
    found = [
        listing,
        *([signed_in(listing)] if member is not None else []),
        Target("job list, text search", search),
        htmx_partial("job list, HTMX partial", search, hx_target="job-results"),
    ]
    newest = Job.objects.filter(status=Job.Status.PUBLISHED).order_by("-pk").first()
    if newest is not None:
        found.append(Target("job detail", newest.get_absolute_url()))
    return found
