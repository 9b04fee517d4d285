"""sitemap.xml: an index of one sitemap per section, each paged at 50,000 URLs (the
protocol's limit), listing only what a visitor who is not signed in can open.

Every page of a section costs two queries (its count and its rows) whatever the table's size,
and the index two per section (count and newest change): Django's default "latest lastmod"
would read every row of the section."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps import Sitemap
from django.db.models import Max, QuerySet
from django.urls import reverse

from apps.community.models import Post
from apps.events.models import Event
from apps.hackathons.models import Hackathon
from apps.jobs.models import Job
from apps.projects.models import Project


class SiteSitemap(Sitemap):
    """URLs on SITE_URL's scheme and host, whichever host the crawler asked."""

    limit = 50_000
    lastmod_field = ""

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_latest_lastmod(self):
        if not self.lastmod_field:
            return None
        return self.items().aggregate(latest=Max(self.lastmod_field))["latest"]

    def lastmod(self, item):
        return getattr(item, self.lastmod_field) if self.lastmod_field else None


class StaticSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "events:event-list",
            "hackathons:list",
            "jobs:job-list",
            "projects:list",
            "community:feed",
            "profiles:leaderboard",
        ]

    def location(self, item: str) -> str:
        return reverse(item)

    def lastmod(self, item):
        return None


class EventSitemap(SiteSitemap):
    lastmod_field = "updated_at"

    def items(self) -> QuerySet:
        return Event.objects.published().only("slug", "updated_at").order_by("pk")


class HackathonSitemap(SiteSitemap):
    lastmod_field = "updated_at"

    def items(self) -> QuerySet:
        return Hackathon.objects.only("slug", "updated_at").order_by("pk")


class JobSitemap(SiteSitemap):
    lastmod_field = "updated_at"

    def items(self) -> QuerySet:
        return Job.objects.open().only("pk", "updated_at").order_by("pk")


class ProjectSitemap(SiteSitemap):
    lastmod_field = "updated"

    def items(self) -> QuerySet:
        return Project.objects.listed().only("pk", "updated").order_by("pk")


class PostSitemap(SiteSitemap):
    lastmod_field = "updated"

    def items(self) -> QuerySet:
        return Post.objects.listed().only("pk", "updated").order_by("pk")


class ProfileSitemap(SiteSitemap):
    """Members whose account is active (deleted accounts are deactivated and anonymised)."""

    def items(self) -> QuerySet:
        return (
            get_user_model()
            .objects.filter(is_active=True, deleted_at__isnull=True)
            .only("handle")
            .order_by("pk")
        )

    def location(self, item) -> str:
        return reverse("profiles:detail", args=[item.handle])


SITEMAPS = {
    "pages": StaticSitemap,
    "events": EventSitemap,
    "hackathons": HackathonSitemap,
    "jobs": JobSitemap,
    "projects": ProjectSitemap,
    "posts": PostSitemap,
    "profiles": ProfileSitemap,
}
