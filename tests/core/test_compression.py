"""HTML is gzipped unless it embeds the CSRF token or answers a POST (BREACH), and the code
stylesheet is linked only where highlighted code is shown."""

from __future__ import annotations

import gzip

import pytest
from django.urls import reverse

from tests.community.factories import PostFactory
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db

GZIP = {"Accept-Encoding": "gzip, deflate, br"}
CODE_CSS = '<link rel="stylesheet" href="/static/css/pygments.css">'


def test_jobs_page_is_gzipped_for_browsers_that_accept_it(client):
    JobFactory.create_batch(3)
    response = client.get("/jobs/", headers=GZIP)
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    html = gzip.decompress(response.content).decode()
    assert "</html>" in html
    assert int(response["Content-Length"]) == len(response.content) < len(html.encode())


def test_htmx_results_of_a_signed_in_member_are_gzipped(member_client):
    # The full page carries the log-out form and its token; the swapped results do not.
    JobFactory.create_batch(3)
    response = member_client.get("/jobs/?q=a", headers={"HX-Request": "true", "HX-Target": "results", **GZIP})
    assert response["Content-Encoding"] == "gzip"


def test_jobs_page_is_plain_without_accept_encoding(client):
    response = client.get("/jobs/")
    assert not response.has_header("Content-Encoding")
    assert b"</html>" in response.content


def test_page_with_a_csrf_token_in_a_form_is_not_compressed(client):
    response = client.get(reverse("account_login"), headers=GZIP)
    assert response.status_code == 200
    assert b'name="csrfmiddlewaretoken"' in response.content
    assert not response.has_header("Content-Encoding")


def test_cached_page_that_gets_a_csrf_token_substituted_is_not_compressed(member_client, page_cache):
    # A member's feed is cached with a placeholder where the token of its forms goes, and
    # this request's token is put in on the way out: that response sets the CSRF cookie too.
    PostFactory()
    for _ in range(2):
        response = member_client.get("/feed/", headers=GZIP)
        assert b'name="csrfmiddlewaretoken"' in response.content
        assert not response.has_header("Content-Encoding")


def test_answer_to_a_post_is_not_compressed(member_client):
    response = member_client.post(
        reverse("community:post-preview"),
        {"body": "Some text " * 100},
        headers={"HX-Request": "true", **GZIP},
    )
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")


def test_code_stylesheet_is_linked_in_the_head_of_a_post_with_a_code_block(client):
    post = PostFactory(body="Look:\n\n```python\nprint('hi')\n```\n")
    html = client.get(post.get_absolute_url()).content.decode()
    head = html.split("</head>")[0]
    assert head.count(CODE_CSS) == 1
    assert html.count("pygments.css") == 1


def test_code_stylesheet_is_not_linked_where_there_is_no_code(client):
    JobFactory.create_batch(2)
    assert b"pygments.css" not in client.get("/jobs/").content
    post = PostFactory(body="Only *words* here.")
    assert b"pygments.css" not in client.get(post.get_absolute_url()).content


def test_partial_with_code_brings_the_stylesheet_with_it(member_client):
    response = member_client.post(
        reverse("community:post-preview"), {"body": "```js\nlet a = 1;\n```"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert html.index(CODE_CSS) < html.index('<pre class="highlight"')
