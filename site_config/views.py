"""Pages that bring several apps together. Only the project level may import every app."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.community.selectors import post_list_trending
from apps.core.pagecache import cache_page, cache_value
from apps.events.selectors import event_list_upcoming
from apps.hackathons.selectors import hackathon_list_featured
from apps.jobs.selectors import job_list_latest

# What the home page is built from: a change in any of these renews it.
HOME_LABELS = ("events.event", "hackathons", "jobs", "community", "accounts.user")
# The home page shows the same sections to everyone. Building them takes six queries, so they
# are shared through the cache (members' home pages are not cached whole).
HOME_SECTIONS_KEY = "home:sections:v2"
HOME_SECTIONS_SECONDS = 60


@cache_value(*HOME_LABELS, key=HOME_SECTIONS_KEY, seconds=HOME_SECTIONS_SECONDS)
def home_sections() -> dict[str, list]:
    return {
        "events": event_list_upcoming(limit=1),
        "hackathons": hackathon_list_featured(limit=3),
        "jobs": job_list_latest(limit=3),
        "posts": post_list_trending(limit=4),
    }


@require_safe
@cache_page(*HOME_LABELS)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", home_sections())
