"""Two members in two Chromium pages against uvicorn: what one does appears for the other."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e

LIVE_WITHIN_MS = 2000


def _open(browser, server, user, path):
    context = logged_in_context(browser, server, user)
    page = context.new_page()
    page.goto(server.url + path)
    expect(page.locator("html")).to_have_attribute("data-live", "open")
    return page


def test_a_comment_by_one_member_appears_for_another_reading_the_post(browser, asgi_server, transactional_db):
    from tests.accounts.factories import UserFactory
    from tests.community.factories import PostFactory

    author, reader = UserFactory(handle="ada"), UserFactory(handle="bola")
    post = PostFactory(author=author, title="Generators")
    page_reader = _open(browser, asgi_server, reader, post.get_absolute_url())
    page_author = _open(browser, asgi_server, author, post.get_absolute_url())

    page_author.get_by_label("Add to the discussion").fill("Lazy sequences are great")
    page_author.get_by_role("button", name="Comment", exact=True).click()

    comment = page_reader.locator("[data-comment]").filter(has_text="Lazy sequences are great")
    expect(comment).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(page_reader.get_by_role("heading", name="Discussion (1)")).to_be_visible()
