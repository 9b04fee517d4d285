from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.community.search import search_page, search_posts
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


def _link(body: str, rel: str) -> str:
    match = re.search(rf'rel="{rel}" href="([^"]+)"', body)
    assert match, f"no {rel} link"
    return html.unescape(match.group(1))


def _titles(body: str) -> list[str]:
    return re.findall(r"Kotlin tip \d\d", body)


def test_search_results_page_on_without_counting_every_match(client):
    start = timezone.now() - timedelta(days=1)
    for i in range(25):
        PostFactory(title=f"Kotlin tip {i:02d}", published_at=start + timedelta(minutes=i))
    with CaptureQueriesContext(connection) as ctx:
        first = client.get("/search/", {"q": "kotlin"}).content.decode()
    assert "COUNT(" not in " ".join(q["sql"] for q in ctx.captured_queries).upper()
    assert len(_titles(first)) == 20 and 'rel="prev"' not in first
    next_url = _link(first, "next")
    assert "q=kotlin" in next_url and "page=2" in next_url
    # A browser without JavaScript follows the link; htmx swaps the results in place.
    second = client.get(f"/search/{next_url}").content.decode()
    partial = client.get(
        f"/search/{next_url}", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    ).content.decode()
    assert "<html" in second and partial.lstrip().startswith('<div id="search-results"')
    assert len(_titles(second)) == 5 and 'rel="next"' not in second and 'rel="prev"' in second
    assert sorted(_titles(first) + _titles(second)) == [f"Kotlin tip {i:02d}" for i in range(25)]


def test_a_search_page_past_the_last_says_so_and_bad_pages_read_page_one(client):
    PostFactory(title="Kotlin tip 01")
    past = client.get("/search/", {"q": "kotlin", "page": "7"}).content.decode()
    assert "No more matches" in past
    for page in ["abc", "-3", "", "9" * 30]:
        response = client.get("/search/", {"q": "kotlin", "page": page})
        assert response.status_code == 200


@pytest.mark.parametrize("kind", ["posts", "comments", "members"])
def test_every_kind_of_search_fetches_one_row_past_the_page(kind):
    for i in range(3):
        PostFactory(title=f"zebra post {i}")
        CommentFactory(body=f"zebra comment {i}")
        UserFactory(handle=f"zebra{i}")
    first = search_page(kind=kind, q="zebra", page="1", per_page=2)
    second = search_page(kind=kind, q="zebra", page="2", per_page=2)
    assert len(first.object_list) == 2 and first.has_next
    assert len(second.object_list) == 1 and not second.has_next
    assert not {item.pk for item in first.object_list} & {item.pk for item in second.object_list}


@postgres_only
def test_post_search_ranks_inside_a_limited_query_and_reads_cards_for_the_page_only():
    for i in range(30):
        PostFactory(title=f"Notes {i}", body="a long text that mentions kubernetes once")
    PostFactory(title="Kubernetes in production", body="deploying things")
    with CaptureQueriesContext(connection) as ctx:
        results = search_posts(q="kubernetes", limit=21)
    assert results[0].title == "Kubernetes in production" and len(results) == 21
    post_sql = next(q["sql"] for q in ctx.captured_queries if "ts_rank" in q["sql"])
    # The LIMIT sits in the ranked subquery, not on the outer read of the cards.
    ranked = post_sql[post_sql.index("IN (SELECT") :]
    assert "LIMIT 21" in ranked and "ORDER BY" in ranked
    assert not post_sql.rstrip().endswith("LIMIT 21")
    outer = post_sql[: post_sql.index("IN (SELECT")]
    # The cards do not carry the vector: it is read once, by the rank of the page's rows.
    assert outer.split(" FROM ")[0].count('"search_vector"') == 1


@postgres_only
def test_post_search_pages_keep_the_rank_order_across_pages():
    for i in range(5):
        PostFactory(title=f"Notes {i}", body="mentions kubernetes")
    PostFactory(title="Kubernetes in production", body="deploying kubernetes")
    everything = [p.title for p in search_posts(q="kubernetes", limit=10)]
    paged = [p.title for p in search_posts(q="kubernetes", limit=2)]
    paged += [p.title for p in search_posts(q="kubernetes", limit=2, offset=2)]
    paged += [p.title for p in search_posts(q="kubernetes", limit=2, offset=4)]
    assert paged == everything and everything[0] == "Kubernetes in production"
