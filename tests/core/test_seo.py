"""What crawlers and link previews read: robots.txt, sitemap.xml, the favicon, Open Graph
tags and the share cards."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from apps.jobs.models import Job
from site_config import sitemaps
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory
from tests.events.factories import EventFactory
from tests.hackathons.factories import HackathonFactory
from tests.jobs.factories import JobFactory
from tests.profiles.factories import ProfileFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SITE = "https://diceytech.example"
NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


def _xml(response) -> ET.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)  # noqa: S314 - the site's own response


def _locs(client, url: str) -> list[str]:
    return [loc.text for loc in _xml(client.get(url)).iter(f"{NS}loc")]


def _all_sitemap_urls(client) -> set[str]:
    urls: set[str] = set()
    for section_url in _locs(client, "/sitemap.xml"):
        urls |= set(_locs(client, section_url.removeprefix(SITE)))
    return urls


@pytest.fixture
def public_and_private():
    """One public item of every kind, and the private ones that must stay out."""
    public = {
        "event": EventFactory(slug="otei-public"),
        "hackathon": HackathonFactory(slug="open-hack"),
        "job": JobFactory(title="Open job"),
        "project": ProjectFactory(),
        "post": PostFactory(),
        "member": UserFactory(handle="visible"),
    }
    private = {
        "event": EventFactory(slug="otei-draft", is_published=False),
        "draft_job": JobFactory(status=Job.Status.DRAFT),
        "expired_job": JobFactory(expires_at=timezone.now() - timedelta(days=1)),
        "draft_post": PostFactory(status="draft", published_at=None),
        "hidden_post": PostFactory(is_hidden=True),
        "inactive": UserFactory(handle="gone", is_active=False),
    }
    return public, private


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_pages(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()
    assert text.startswith("User-agent: *\n")
    for path in ("/admin/", "/staff/", "/events/status/", "/accounts/"):
        assert f"Disallow: {path}" in text
    assert "Disallow: /\n" not in text


def test_sitemap_lists_public_items_only_on_site_url(client, public_and_private):
    public, private = public_and_private
    urls = _all_sitemap_urls(client)
    assert all(url.startswith(f"{SITE}/") for url in urls)
    for path in ("/", "/events/", "/hackathons/", "/jobs/", "/projects/", "/feed/"):
        assert f"{SITE}{path}" in urls
    for item in (public["event"], public["hackathon"], public["job"], public["project"], public["post"]):
        assert f"{SITE}{item.get_absolute_url()}" in urls
    assert f"{SITE}/u/visible/" in urls
    for item in (private["event"], private["draft_job"], private["expired_job"]):
        assert f"{SITE}{item.get_absolute_url()}" not in urls
    for post in (private["draft_post"], private["hidden_post"]):
        assert f"{SITE}{post.get_absolute_url()}" not in urls
    assert f"{SITE}/u/gone/" not in urls


def test_sitemap_queries_do_not_grow_with_the_rows(client, public_and_private, assert_page_queries):
    from django.core.cache import cache

    def add_rows(n):
        PostFactory.create_batch(n)
        JobFactory.create_batch(n)

    # The sitemaps are cached: count them cold. (The first request also looks up the Site once
    # per process; the warm-up request takes that.)
    index = assert_page_queries(client, "/sitemap.xml", add_rows=add_rows, before_each=cache.clear)
    section = assert_page_queries(client, "/sitemap-posts.xml", add_rows=add_rows, before_each=cache.clear)
    assert index.count <= 2 * len(sitemaps.SITEMAPS) + 2
    assert section.count <= 4


def test_sitemap_sections_are_paged_at_the_limit(client, monkeypatch):
    monkeypatch.setattr(sitemaps.PostSitemap, "limit", 2)
    posts = PostFactory.create_batch(5)
    index = _locs(client, "/sitemap.xml")
    assert f"{SITE}/sitemap-posts.xml?p=3" in index
    assert f"{SITE}/sitemap-posts.xml?p=4" not in index
    listed = [url for page in (1, 2, 3) for url in _locs(client, f"/sitemap-posts.xml?p={page}")]
    assert listed == [f"{SITE}{post.get_absolute_url()}" for post in posts]
    assert client.get("/sitemap-posts.xml?p=9").status_code == 404
    assert sitemaps.SiteSitemap.limit == 50_000


def test_favicon_ico_is_served_at_the_root_and_pages_link_the_svg(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    icon = Image.open(io.BytesIO(response.content))
    assert icon.format == "ICO" and (32, 32) in icon.info["sizes"]
    html = client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg" type="image/svg\+xml">', html)
    assert 'rel="apple-touch-icon"' in html
    assert (settings.BASE_DIR / "static" / "img" / "favicon.svg").is_file()


def _og(html: str) -> dict[str, str]:
    tags = dict(re.findall(r'<meta property="(og:[a-z:_]+)" content="([^"]*)"', html))
    canonical = re.findall(r'<link rel="canonical" href="([^"]*)"', html)
    assert len(canonical) == 1, canonical
    tags["canonical"] = canonical[0]
    for name in ("og:title", "og:description", "og:url", "og:image", "og:type", "og:site_name"):
        assert tags.get(name), f"{name} missing"
        assert html.count(f'property="{name}"') == 1, f"{name} twice"
    assert tags["og:image"].startswith(f"{SITE}/")
    assert tags["og:url"] == tags["canonical"]
    return tags


def test_home_page_has_open_graph_tags_and_the_site_card(client):
    tags = _og(client.get("/").content.decode())
    assert tags["og:url"] == f"{SITE}/"
    assert tags["og:image"].endswith("og-default.png")


@pytest.mark.parametrize("kind", ["job", "hackathon", "post", "profile"])
def test_detail_pages_have_open_graph_tags_with_their_own_card(client, kind):
    if kind == "job":
        item = JobFactory(title="Go developer", company="Kuda")
        path, title = item.get_absolute_url(), "Go developer at Kuda"
        card = reverse("card-job", args=[item.pk])
    elif kind == "hackathon":
        item = HackathonFactory(title="Fintech Hack")
        path, title = item.get_absolute_url(), "Fintech Hack"
        card = reverse("card-hackathon", args=[item.slug])
    elif kind == "post":
        item = PostFactory(title="Why I like Django")
        path, title = item.get_absolute_url(), "Why I like Django"
        card = reverse("card-post", args=[item.pk])
    else:
        item = ProfileFactory(user=UserFactory(handle="ada", first_name="Ada", last_name="Obi"))
        path, title = "/u/ada/", "Ada Obi (@ada) on DiceyTech"
        card = reverse("card-profile", args=["ada"])
    tags = _og(client.get(path).content.decode())
    assert tags["og:url"] == f"{SITE}{path}"
    assert tags["og:title"] == title
    assert tags["og:image"] == f"{SITE}{card}"
    response = client.get(card)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(response.content)).size == (1200, 630)


def test_pages_without_their_own_image_fall_back_to_the_site_card(client):
    event = EventFactory()
    tags = _og(client.get(event.get_absolute_url()).content.decode())
    assert tags["og:image"] == f"{SITE}/static/img/og-default.png" or tags["og:image"].endswith(
        "og-default.png"
    )
    assert tags["og:url"] == f"{SITE}{event.get_absolute_url()}"


def test_share_cards_exist_only_for_what_visitors_may_see(client, public_and_private):
    _, private = public_and_private
    assert client.get(reverse("card-job", args=[private["draft_job"].pk])).status_code == 404
    assert client.get(reverse("card-post", args=[private["hidden_post"].pk])).status_code == 404
    assert client.get(reverse("card-post", args=[private["draft_post"].pk])).status_code == 404
    assert client.get(reverse("card-profile", args=["gone"])).status_code == 404
    assert client.get(reverse("card-hackathon", args=["no-such-hack"])).status_code == 404
    # An expired listing still has its page (shown as closed), so it keeps its card.
    assert client.get(reverse("card-job", args=[private["expired_job"].pk])).status_code == 200


def test_share_card_is_drawn_once_and_redrawn_after_an_edit(client, monkeypatch):
    from site_config import seo

    drawn = []
    real = seo.card_png
    monkeypatch.setattr(seo, "card_png", lambda **text: drawn.append(text) or real(**text))
    job = JobFactory(title="First title")
    url = reverse("card-job", args=[job.pk])
    first = client.get(url).content
    assert client.get(url).content == first
    assert len(drawn) == 1
    Job.objects.filter(pk=job.pk).update(title="Second title")
    client.get(url)
    assert [text["title"] for text in drawn] == ["First title", "Second title"]


def test_comment_and_reaction_counts_on_post_cards_are_pluralised(client):
    one = PostFactory(title="Lonely post", reaction_count=1)
    CommentFactory(post=one)
    PostFactory(title="Busy post", reaction_count=2, comment_count=3)
    from apps.community.models import Post

    Post.objects.filter(pk=one.pk).update(comment_count=1)
    html = client.get("/feed/?tab=latest").content.decode()
    assert "1 reactions" not in html and "1 comments" not in html
    assert '1<span class="sr-only"> comment</span>' in html
    assert '3<span class="sr-only"> comments</span>' in html
