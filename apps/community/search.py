"""Search posts, comments and members: PostgreSQL full-text search on stored vectors
(title weighted above body), icontains on SQLite."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Q

from apps.community.models import Comment, Post


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


SEARCH_CANDIDATES = 1000


def search_posts(*, q: str, limit: int = 20) -> list[Post]:
    qs = Post.objects.listed()
    if _is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(q, search_type="websearch", config="english")
        # Rank only the newest matches: a common word matches tens of thousands of posts and
        # ranking them all costs far more than it tells.
        newest = qs.filter(search_vector=query).order_by("-published_at").values("pk")[:SEARCH_CANDIDATES]
        qs = (
            Post.objects.filter(pk__in=newest)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-published_at")
        )
    else:
        qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q)).order_by("-published_at")
    return list(qs.for_cards()[:limit])


def search_comments(*, q: str, limit: int = 20) -> list[Comment]:
    qs = Comment.objects.filter(
        is_hidden=False, is_deleted=False, post__status=Post.Status.PUBLISHED, post__is_hidden=False
    )
    if _is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(q, search_type="websearch", config="english")
        qs = (
            qs.filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "-created")
        )
    else:
        qs = qs.filter(body__icontains=q).order_by("-created")
    return list(qs.select_related("author", "post")[:limit])


def search_members(*, q: str, limit: int = 20) -> list:
    term = q.strip().lstrip("@")
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(handle__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term))
        .order_by("handle")[:limit]
    )
