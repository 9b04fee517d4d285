"""What search engines and link previews ask for: robots.txt, the favicon at the root, and a
share card (og:image) per hackathon, job, post and profile.

Cards only exist for what a visitor who is not signed in may see; each is drawn once per
version of its text and then served from the cache."""

from __future__ import annotations

import hashlib
import json
from functools import cache

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.core.cache import cache as django_cache
from django.db.models.functions import Lower
from django.http import Http404, HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from apps.community.models import Post
from apps.core.cards import card_png
from apps.hackathons.models import Hackathon
from apps.jobs.models import Job
from apps.jobs.templatetags.jobs_tags import salary_range
from apps.profiles.models import Profile
from site_config.sitemaps import SITEMAPS

CARD_CACHE_SECONDS = 7 * 24 * 3600
# Browsers and crawlers keep a card a day; the og:image URL changes with the object anyway.
CARD_MAX_AGE = 24 * 3600

# Private or per-member pages crawlers have no business in (they are behind a login or a
# secret link anyway); everything else is open.
ROBOTS_DISALLOW = (
    "/admin/",
    "/staff/",
    "/accounts/",
    "/settings/",
    "/notifications/",
    "/events/confirm/",
    "/events/status/",
    "/jobs/applications/",
    "/jobs/saved/",
    "/jobs/mine/",
    "/posts/drafts/",
    "/posts/saved/",
    "/projects/saved/",
    "/mentor/",
    "/api/",
    "/search/",
    "/img-proxy/",
    "/me/",
    "/director/",
    "/exports/",
    "/coaching/",
)


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), ""]
    lines.append(f"Sitemap: {settings.SITE_URL}{reverse('sitemap-index')}")
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@x_robots_tag
@require_safe
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """Django's index, with every address on SITE_URL (its own takes the Sites domain and
    the request's scheme, which behind a proxy may be http)."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        sitemap = sitemap_class()
        url = settings.SITE_URL + reverse("sitemap-section", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(url, lastmod))
        entries += [
            SitemapIndexItem(f"{url}?p={n}", lastmod) for n in range(2, sitemap.paginator.num_pages + 1)
        ]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


@cache
def _favicon_bytes() -> bytes:
    return (settings.BASE_DIR / "static" / "img" / "favicon.ico").read_bytes()


@require_safe
def favicon_ico(request: HttpRequest) -> HttpResponse:
    """Browsers, feed readers and crawlers ask for /favicon.ico whatever the page links."""
    response = HttpResponse(_favicon_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response


def _card_response(kind: str, **text: str) -> HttpResponse:
    """The card drawn from `text` (kicker, title, subtitle, footer). The cache key is a hash
    of that text, so an edit (a new title, a renamed author, more points) draws a new card."""
    digest = hashlib.sha256(json.dumps([kind, text], sort_keys=True).encode()).hexdigest()[:32]
    key = f"card:{kind}:{digest}"
    png = django_cache.get(key)
    if png is None:
        png = card_png(**text)
        django_cache.set(key, png, CARD_CACHE_SECONDS)
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = f"public, max-age={CARD_MAX_AGE}"
    return response


def _day(value) -> str:
    return date_format(timezone.localtime(value), "j M Y")


@require_safe
def hackathon_card(request: HttpRequest, slug: str) -> HttpResponse:
    hackathon = Hackathon.objects.filter(slug=slug).first()
    if hackathon is None:
        raise Http404
    where = hackathon.city if hackathon.mode == Hackathon.Mode.IN_PERSON and hackathon.city else "Online"
    footer = f"{_day(hackathon.starts_at)} to {_day(hackathon.submission_deadline)} · {where}"
    if hackathon.prize_total:
        footer += f" · {hackathon.currency} {hackathon.prize_total:,} in prizes"
    return _card_response(
        "hackathon",
        kicker=f"Hackathon · {hackathon.status.label}",
        title=hackathon.title,
        subtitle=hackathon.tagline,
        footer=footer,
    )


@require_safe
def job_card(request: HttpRequest, pk: int) -> HttpResponse:
    # The listings anyone may open: open ones, and expired ones (shown as closed).
    job = Job.objects.filter(pk=pk, status__in=[Job.Status.PUBLISHED, Job.Status.EXPIRED]).first()
    if job is None:
        raise Http404
    closed = "" if job.is_open else " · Closed"
    return _card_response(
        "job",
        kicker=f"Job · {job.get_job_type_display()} · {job.get_location_type_display()}{closed}",
        title=job.title,
        subtitle=f"{job.company} · {job.location}",
        footer=salary_range(job),
    )


@require_safe
def post_card(request: HttpRequest, pk: int) -> HttpResponse:
    post = Post.objects.listed().select_related("author").filter(pk=pk).first()
    if post is None:
        raise Http404
    author = post.author.display_name if post.author else "a deleted member"
    byline = f"by {author}" + (
        f" (@{post.author.handle})" if post.author and not post.author.is_deleted else ""
    )
    return _card_response(
        "post",
        kicker="Community post",
        title=post.display_title,
        subtitle=byline,
        footer=_day(post.published_at) if post.published_at else "",
    )


@require_safe
def profile_card(request: HttpRequest, handle: str) -> HttpResponse:
    user = (
        get_user_model()
        .objects.select_related("profile")
        .alias(handle_ci=Lower("handle"))
        .filter(handle_ci=handle.lower(), is_active=True, deleted_at__isnull=True)
        .first()
    )
    if user is None:
        raise Http404
    try:
        profile = user.profile
    except Profile.DoesNotExist:
        profile = Profile(user=user)
    points = profile.points_total
    footer = f"@{user.handle} · {points} point{'s' if points != 1 else ''}"
    return _card_response(
        "profile",
        kicker="Developer profile",
        title=user.display_name,
        subtitle=profile.headline or profile.location,
        footer=footer,
    )
