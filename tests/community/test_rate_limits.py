"""Community forms' rate limits count only what was saved, and a limited post, comment, edit
or report gets its form back with everything typed and a message, with or without htmx."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.community.models import Comment, Post, Report
from tests.community.factories import CommentFactory, PostFactory
from tests.events.test_rate_limits import assert_form_keeps

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
LIMIT_TEXT = "sent too many times from your account"
ACCEPTED = (200, 302)  # a client-side redirect or swapped discussion over htmx, a redirect otherwise
BOTH = pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])


def assert_limited(response, data: dict, *, partial_start: str, htmx: bool) -> None:
    assert response.status_code == 429  # swapped like a 200 by the site's htmx configuration
    html = response.content.decode()
    assert LIMIT_TEXT in html and "What you typed is still here" in html
    if htmx:
        assert html.lstrip().startswith(partial_start)
    else:
        assert "<html" in html
    assert_form_keeps(html, data)


@BOTH
@pytest.mark.parametrize("view", ["create", "edit"])
def test_posting_counts_only_saved_posts(member_client, settings, headers, view):
    settings.COMMUNITY_POST_RATE = "1/h"
    if view == "create":
        url = reverse("community:post-create")
    else:
        url = reverse("community:post-edit", args=[PostFactory(author=member_client.user).pk])
    for _ in range(3):  # an empty body and previews are not posts
        response = member_client.post(url, {"title": "T", "body": "", "action": "publish"}, headers=headers)
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
        preview = member_client.post(url, {"body": "**Draft**", "action": "preview"}, headers=headers)
        assert preview.status_code == 200 and "<strong>Draft</strong>" in preview.content.decode()
    first = {"title": "First", "body": "One", "tags": "python", "action": "publish"}
    assert member_client.post(url, first, headers=headers).status_code in ACCEPTED

    data = {"title": "Second", "body": "Two lines\nof **markdown**.", "tags": "django htmx"}
    response = member_client.post(url, data | {"action": "publish"}, headers=headers)

    assert_limited(response, data, partial_start='<form id="post-form"', htmx=bool(headers))
    assert not Post.objects.filter(title="Second").exists()


@BOTH
def test_commenting_counts_only_posted_comments(member_client, settings, headers):
    settings.COMMUNITY_COMMENT_RATE = "1/h"
    post = PostFactory()
    url = reverse("community:comment-create", args=[post.pk])
    for _ in range(3):
        response = member_client.post(url, {"body": "   "}, headers=headers)
        assert response.status_code == 422 and LIMIT_TEXT not in response.content.decode()
    assert member_client.post(url, {"body": "First"}, headers=headers).status_code in ACCEPTED

    data = {"body": "A second thought,\nwritten out at length."}
    response = member_client.post(url, data, headers=headers)

    assert_limited(response, data, partial_start='<section id="comments"', htmx=bool(headers))
    assert list(Comment.objects.values_list("body", flat=True)) == ["First"]


@BOTH
def test_comment_edits_count_only_saved_edits(member_client, settings, headers):
    settings.COMMUNITY_COMMENT_RATE = "1/h"
    comment = CommentFactory(author=member_client.user, body="before")
    url = reverse("community:comment-edit", args=[comment.pk])
    for _ in range(3):
        response = member_client.post(url, {"body": ""}, headers=headers)
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
    assert member_client.post(url, {"body": "after"}, headers=headers).status_code in ACCEPTED

    data = {"body": "after, and then\nsome more"}
    response = member_client.post(url, data, headers=headers)

    assert_limited(
        response, data, partial_start=f'<form id="comment-edit-form-{comment.pk}"', htmx=bool(headers)
    )
    if headers:  # the form posts into the discussion; the limited answer replaces only the form
        assert response["HX-Retarget"] == f"#comment-edit-form-{comment.pk}"
    comment.refresh_from_db()
    assert comment.body == "after"


@BOTH
def test_reports_count_only_filed_reports(member_client, settings, headers):
    settings.COMMUNITY_ACTION_RATE = "1/h"
    first, second = PostFactory(), PostFactory()
    for _ in range(3):  # no reason chosen
        response = member_client.post(reverse("community:post-report", args=[first.pk]), {}, headers=headers)
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
    data = {"reason": "spam", "details": "Posted the same link ten times."}
    assert member_client.post(reverse("community:post-report", args=[first.pk]), data).status_code == 302

    response = member_client.post(reverse("community:post-report", args=[second.pk]), data, headers=headers)

    assert_limited(response, data, partial_start='<form id="report-form"', htmx=bool(headers))
    assert 'href="#id_reason"' not in response.content.decode()  # no complaint about the empty reason
    assert list(Report.objects.values_list("post", flat=True)) == [first.pk]
