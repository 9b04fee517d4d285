"""The feed loads its next pages as the reader scrolls (htmx, by cursor), and without
JavaScript the same address is an ordinary "Next page" link."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_feed_scrolls_through_every_page_once(page, live_server, transactional_db):
    from django.utils import timezone

    from tests.community.factories import PostFactory

    start = timezone.now() - timedelta(hours=1)
    for i in range(45):
        PostFactory(title=f"Scroll post {i:02d}", published_at=start - timedelta(minutes=i))
    page.goto(f"{live_server.url}/feed/?tab=latest")
    cards = page.locator("[data-post-card]")
    expect(cards).to_have_count(20)
    page.get_by_role("link", name="Next page").scroll_into_view_if_needed()
    expect(cards).to_have_count(40)
    page.get_by_role("link", name="Next page").scroll_into_view_if_needed()
    expect(cards).to_have_count(45)
    expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    titles = page.locator("[data-post-card] h2").all_inner_texts()
    assert sum("Scroll post" in t for t in titles) == 45 and len(set(titles)) == len(titles)


def test_feed_next_page_link_works_without_javascript(browser, live_server, transactional_db):
    from tests.community.factories import PostFactory

    for i in range(25):
        PostFactory(title=f"Plain post {i:02d}")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/feed/?tab=latest")
    expect(page.locator("[data-post-card]")).to_have_count(20)
    page.get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"cursor="))
    expect(page.locator("[data-post-card]")).to_have_count(5)
    context.close()
