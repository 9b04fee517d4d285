"""Pinned query counts for the community pages that list things: the same at 1 and 50 rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.community.models import Report
from apps.community.services import post_save_set
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_search_results_for_posts(client, assert_page_queries):
    def add_posts(n):
        for _ in range(n):
            PostFactory(title="Kotlin tips", tags=[TagFactory()])

    url = reverse("community:search")
    # the page of matches, their tags
    page = assert_page_queries(client, url, add_rows=add_posts, data={"q": "kotlin"}, expected=2)
    assert page.response.content.decode().count("data-post-card") == 20


def test_search_results_for_members(client, assert_page_queries):
    def add_members(n):
        for _ in range(n):
            UserFactory(first_name="Kotlinia")

    url = reverse("community:search")
    query = {"q": "kotlinia", "type": "members"}
    page = assert_page_queries(client, url, add_rows=add_members, data=query, expected=1)
    assert page.response.content.decode().count("data-result") == 20


def test_search_results_for_comments(client, assert_page_queries):
    def add_comments(n):
        for _ in range(n):
            CommentFactory(body="kotlin everywhere")

    url = reverse("community:search")
    query = {"q": "kotlin", "type": "comments"}
    page = assert_page_queries(client, url, add_rows=add_comments, data=query, expected=1)
    assert page.response.content.decode().count("Go to comment") == 20


def test_drafts(member_client, assert_page_queries):
    def add_drafts(n):
        PostFactory.create_batch(n, author=member_client.user, status="draft", published_at=None)

    # the drafts, their tags (the user and the session come from the cache)
    page = assert_page_queries(member_client, reverse("community:drafts"), add_rows=add_drafts, expected=2)
    assert page.response.content.decode().count('<article class="card">') == 50


def test_reading_list(member_client, assert_page_queries):
    def save_posts(n):
        for _ in range(n):
            post_save_set(member=member_client.user, post=PostFactory(tags=[TagFactory()]), on=True)

    # the saved posts, their tags
    url = reverse("community:reading-list")
    page = assert_page_queries(member_client, url, add_rows=save_posts, expected=2)
    assert page.response.content.decode().count('<article class="card">') == 50


def test_moderation_queue(staff_client, assert_page_queries):
    def report(n):
        for _ in range(n):
            Report.objects.create(reporter=UserFactory(), post=PostFactory(), reason=Report.Reason.SPAM)
            Report.objects.create(reporter=UserFactory(), comment=CommentFactory(), reason=Report.Reason.SPAM)

    # OTP device, count, open reports with their posts and comments, bans, recent actions
    assert_page_queries(staff_client, reverse("community_staff:queue"), add_rows=report, expected=5)
