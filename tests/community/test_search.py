from __future__ import annotations

import pytest
from django.db import connection

from apps.community.search import search_comments, search_members, search_posts
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search needs PostgreSQL"
)


def test_search_finds_posts_by_title_and_body(client):
    PostFactory(title="Django signals explained", body="Plain body")
    PostFactory(title="Other", body="We talk about django here")
    PostFactory(title="Unrelated", body="Rust")
    body = client.get("/search/?q=django").content.decode()
    assert "Django signals explained" in body and ">Other<" in body
    assert "Unrelated" not in body


def test_search_excludes_hidden_and_drafts():
    PostFactory(title="Secret django", is_hidden=True)
    PostFactory(title="Draft django", status="draft", published_at=None)
    assert search_posts(q="django") == []


def test_search_comments_and_members(client):
    CommentFactory(body="The **pytest** fixtures trick")
    UserFactory(handle="pytestfan")
    comments = client.get("/search/?q=pytest&type=comments").content.decode()
    assert "fixtures trick" in comments
    members = client.get("/search/?q=@pytestfan&type=members").content.decode()
    assert "@pytestfan" in members
    assert len(search_members(q="pytestfan")) == 1


def test_search_hidden_comments_are_not_found():
    CommentFactory(body="hidden words", is_hidden=True)
    assert search_comments(q="hidden") == []


def test_search_htmx_returns_results_partial(client):
    PostFactory(title="Async python")
    body = client.get(
        "/search/?q=python", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-results"
    ).content.decode()
    assert body.lstrip().startswith('<div id="search-results"') and "Async python" in body


def test_search_hostile_query_is_harmless(client):
    response = client.get("/search/", {"q": "'; DROP TABLE community_post; -- <script>" + "x" * 500})
    assert response.status_code == 200
    assert "<script>x" not in response.content.decode()


@postgres_only
def test_postgres_ranks_title_matches_above_body_matches():
    PostFactory(title="Notes", body="a long text that mentions kubernetes once")
    PostFactory(title="Kubernetes in production", body="deploying things")
    results = search_posts(q="kubernetes")
    assert [p.title for p in results] == ["Kubernetes in production", "Notes"]


@postgres_only
def test_postgres_search_uses_stemming_and_websearch_syntax():
    PostFactory(title="Running tests quickly", body="x")
    PostFactory(title="Running servers", body="x")
    assert [p.title for p in search_posts(q="run -servers")] == ["Running tests quickly"]


@postgres_only
def test_postgres_search_index_exists():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE indexname IN ('post_search_gin', 'comment_search_gin')"
        )
        assert {row[0] for row in cursor.fetchall()} == {"post_search_gin", "comment_search_gin"}
