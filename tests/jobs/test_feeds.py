"""The jobs feeds against their standards: Atom (RFC 4287) required elements, RSS basics."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from django.urls import reverse

from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _rfc3339(text: str | None) -> datetime:
    assert text, "an empty date"
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, f"{text} has no time zone"
    return parsed


def _author_ok(element: ET.Element) -> bool:
    author = element.find(f"{ATOM}author")
    return author is not None and bool((author.findtext(f"{ATOM}name") or "").strip())


def assert_valid_atom(body: bytes) -> ET.Element:
    """RFC 4287 section 4.1.1 and 4.1.2: a feed has id, title and updated, and an author
    unless every entry has one; every entry has id, title and updated."""
    feed = ET.fromstring(body)  # noqa: S314 - the site's own response
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), f"feed lacks <{name}>"
    _rfc3339(feed.findtext(f"{ATOM}updated"))
    entries = feed.findall(f"{ATOM}entry")
    assert _author_ok(feed) or all(_author_ok(entry) for entry in entries), "no author"
    assert feed.find(f"{ATOM}link[@rel='self']") is not None
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), f"entry lacks <{name}>"
        _rfc3339(entry.findtext(f"{ATOM}updated"))
    return feed


def test_atom_feed_has_every_element_rfc_4287_requires(client):
    JobFactory(title="Remote Go role", company="Flutterwave", location_type="remote")
    JobFactory(title="Office role")
    response = client.get(reverse("jobs:feed-atom"))
    assert response.status_code == 200
    feed = assert_valid_atom(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    assert {e.findtext(f"{ATOM}author/{ATOM}name") for e in entries} == {"Flutterwave", "Paystack"}
    # The feed is as new as its newest entry.
    newest = max(_rfc3339(e.findtext(f"{ATOM}updated")) for e in entries)
    assert _rfc3339(feed.findtext(f"{ATOM}updated")) >= newest


def test_empty_filtered_atom_feed_is_still_valid(client):
    response = client.get(reverse("jobs:feed-atom"), {"q": "nothing matches this"})
    feed = assert_valid_atom(response.content)
    assert feed.findall(f"{ATOM}entry") == []


def test_rss_feed_items_have_title_link_guid_and_date(client):
    JobFactory(title="Remote Go role")
    rss = client.get(reverse("jobs:feed")).content
    channel = ET.fromstring(rss).find("channel")  # noqa: S314 - the site's own response
    for name in ("title", "link", "description"):
        assert channel.findtext(name)
    [item] = channel.findall("item")
    for name in ("title", "link", "guid", "pubDate"):
        assert item.findtext(name), f"item lacks <{name}>"


def test_feed_items_carry_absolute_image_and_link_addresses(client, settings):
    settings.SITE_URL = "https://diceytech.example"
    JobFactory(description="![office](https://images.example/office.png) and [other roles](/jobs/)")
    feed = ET.fromstring(client.get(reverse("jobs:feed-atom")).content)  # noqa: S314 - the site's own response
    content = feed.find(f"{ATOM}entry").findtext(f"{ATOM}summary") or ""

    assert 'src="https://diceytech.example/img-proxy/' in content
    assert 'href="https://diceytech.example/jobs/"' in content
    assert 'src="/' not in content and 'href="/' not in content
