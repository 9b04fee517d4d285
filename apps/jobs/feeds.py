"""RSS and Atom feeds of open jobs, filtered by the same query string as /jobs/."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from apps.core.markdown import render_markdown
from apps.jobs import selectors
from apps.jobs.forms import JobFilterForm
from apps.jobs.models import Job
from apps.jobs.selectors import JobFilters
from apps.jobs.templatetags.jobs_tags import salary_range

FEED_ITEMS = 50
# Feed readers show an item away from the site, where a relative address (an image through
# /img-proxy/, a link to another listing) leads nowhere.
_RELATIVE_URL = re.compile(r'(\b(?:src|href)=")/(?!/)')


def _absolute_urls(html: str) -> str:
    return _RELATIVE_URL.sub(rf"\1{settings.SITE_URL.rstrip('/')}/", html)


class OpenJobsFeed(Feed):
    title = "DiceyTech jobs"
    description = "Open jobs on DiceyTech, with salaries on every listing."
    url_name = "jobs:feed"
    # Atom (RFC 4287) needs an author for the feed or for every entry: the site publishes
    # the feed, each listing is written by its company.
    author_name = "DiceyTech"

    def get_object(self, request, *args, **kwargs) -> tuple[JobFilters, str]:
        form = JobFilterForm(request.GET, skill_choices=selectors.skill_choices_for_filter())
        return form.to_filters(), request.GET.urlencode()

    def link(self, obj) -> str:
        query = obj[1]
        return reverse("jobs:job-list") + (f"?{query}" if query else "")

    def feed_url(self, obj) -> str:
        """The feed's own address (rel="self") keeps the search, so a reader subscribes to it."""
        query = obj[1]
        return reverse(self.url_name) + (f"?{query}" if query else "")

    def items(self, obj) -> list[Job]:
        return list(selectors.job_list_open(filters=obj[0]).defer(None)[:FEED_ITEMS])

    def item_title(self, item: Job) -> str:
        return f"{item.title} at {item.company} ({item.get_location_type_display()})"

    def item_description(self, item: Job) -> str:
        salary = escape(salary_range(item))
        description = _absolute_urls(render_markdown(item.description))
        return f"<p>{salary} · {item.get_job_type_display()} · {escape(item.location)}</p>" + description

    def item_pubdate(self, item: Job):
        return item.published_at

    def item_updateddate(self, item: Job):
        """Atom's required <updated>: the last change to the listing."""
        return max(filter(None, [item.updated_at, item.published_at]))

    def item_author_name(self, item: Job) -> str:
        return item.company

    def item_categories(self, item: Job) -> list[str]:
        return [tag["name"] for tag in item.skill_tags]


class OpenJobsAtomFeed(OpenJobsFeed):
    feed_type = Atom1Feed
    url_name = "jobs:feed-atom"
    subtitle = OpenJobsFeed.description
