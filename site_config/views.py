"""Pages that bring several apps together. Only the project level may import every app."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.community.selectors import post_list_trending
from apps.core.pagecache import cache_page
from apps.events.selectors import event_list_upcoming
from apps.hackathons.selectors import hackathon_list_featured
from apps.jobs.selectors import job_list_latest

# The home page shows the same sections to everyone. Building them takes six queries, so they
# are shared through the cache for a minute (a new job appears on it within that minute).
HOME_SECTIONS_KEY = "home:sections:v1"
HOME_SECTIONS_SECONDS = 60


def home_sections() -> dict[str, list]:
    return {
        "events": event_list_upcoming(limit=1),
        "hackathons": hackathon_list_featured(limit=3),
        "jobs": job_list_latest(limit=3),
        "posts": post_list_trending(limit=4),
    }


@require_safe
@cache_page("events.event", "hackathons", "jobs", "community", "accounts.user")
def home(request: HttpRequest) -> HttpResponse:
    sections = cache.get_or_set(HOME_SECTIONS_KEY, home_sections, HOME_SECTIONS_SECONDS)
    return render(request, "core/home.html", sections)
