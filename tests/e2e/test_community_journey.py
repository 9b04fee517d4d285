"""Member A posts code with a tag; member B follows the tag, finds the post in Following with
the reason, and comments mentioning A; A sees the bell, replies; B reacts in place."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import collect_errors, logged_in_context

pytestmark = pytest.mark.e2e


def _member_page(browser, live_server, user):
    context = logged_in_context(browser, live_server, user)
    page = context.new_page()
    return context, page, collect_errors(page)


def test_post_follow_comment_mention_reply_react(browser, live_server, transactional_db, settings):
    from apps.community.models import Comment, Post
    from tests.accounts.factories import UserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    a, b = UserFactory(handle="ada"), UserFactory(handle="bola")
    context_a, page_a, errors_a = _member_page(browser, live_server, a)
    context_b, page_b, errors_b = _member_page(browser, live_server, b)

    # A writes a post with a code block and a tag; the preview renders it while typing.
    page_a.goto(f"{live_server.url}/posts/new/")
    page_a.get_by_label("Title").fill("Generators in Python")
    page_a.get_by_label("Post").fill("Lazy sequences:\n\n```python\ndef count():\n    yield 1\n```\n")
    expect(page_a.locator("#preview .highlight")).to_be_visible()
    page_a.get_by_label("Tags").fill("python")
    page_a.get_by_role("button", name="Publish").click()
    expect(page_a.get_by_role("heading", name="Generators in Python")).to_be_visible()
    expect(page_a.locator("[data-post-body] .highlight")).to_be_visible()
    post = Post.objects.get()

    # B follows #python and finds the post in Following, with the reason.
    page_b.goto(f"{live_server.url}/tags/python/")
    page_b.get_by_role("button", name="Follow #python").click()
    expect(page_b.get_by_role("button", name="Following #python")).to_be_visible()
    page_b.goto(f"{live_server.url}/feed/")
    card = page_b.locator(f"#post-card-{post.pk}")
    expect(card).to_contain_text("Because you follow #python")
    card.get_by_role("link", name="Generators in Python").click()

    # B comments mentioning A: the discussion swaps in place.
    page_b.get_by_label("Add to the discussion").fill("Nice one @ada!")
    page_b.get_by_role("button", name="Comment", exact=True).click()
    comment_b = page_b.locator("[data-comment]").filter(has_text="Nice one")
    expect(comment_b).to_be_visible()
    expect(comment_b.get_by_role("link", name="@ada")).to_have_attribute("href", "/u/ada/")
    expect(page_b.get_by_role("heading", name="Discussion (1)")).to_be_visible()

    # A's bell shows one unread notification.
    page_a.goto(f"{live_server.url}/feed/")
    expect(page_a.locator("#bell-badge")).to_have_attribute("data-unread", "1")
    expect(page_a.locator("#bell-badge")).to_contain_text("1")

    # A replies to B's comment.
    page_a.goto(f"{live_server.url}{post.get_absolute_url()}")
    first = Comment.objects.get()
    page_a.locator(f"#comment-{first.pk}").get_by_role("link", name="Reply").click()
    page_a.get_by_label("Reply to @bola").fill("Thanks @bola!")
    page_a.locator(f"#reply-form-{first.pk}").get_by_role("button", name="Reply").click()
    reply = page_a.locator("[data-comment][data-depth='1']")
    expect(reply).to_contain_text("Thanks")

    # B reacts to the post: the count changes in place, no page load.
    page_b.reload()
    like = page_b.locator("#post-reactions [data-reaction='like']")
    expect(like.locator("[data-count]")).to_have_text("0")
    page_b.evaluate("window.__stayed = true")
    like.click()
    expect(page_b.locator("#post-reactions [data-reaction='like'] [data-count]")).to_have_text("1")
    expect(page_b.locator("#post-reactions [data-reaction='like']")).to_have_attribute("aria-pressed", "true")
    assert page_b.evaluate("window.__stayed === true")

    assert errors_a == [] and errors_b == []
    context_a.close()
    context_b.close()
