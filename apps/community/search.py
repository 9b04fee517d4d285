"""Search posts, comments and members: PostgreSQL full-text search on stored vectors
(title weighted above body), icontains on SQLite."""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Q

from apps.community.models import Comment, Post
from apps.core.pagination import UncountedPage, paginate_without_count


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# Ranking looks at the newest this many matches only: a common word matches tens of thousands
# of posts, and ranking them all costs far more than it tells. Nobody pages past them.
SEARCH_CANDIDATES = 1000
PER_PAGE = 20


def search_posts(*, q: str, limit: int = PER_PAGE, offset: int = 0) -> list[Post]:
    qs = Post.objects.listed()
    if _is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(q, search_type="websearch", config="english")
        newest = qs.filter(search_vector=query).order_by("-published_at").values("pk")[:SEARCH_CANDIDATES]
        rank = SearchRank(F("search_vector"), query)
        order = ("-rank", "-published_at", "-pk")
        # The ranking sorts narrow (id, rank) rows and keeps only this page's ids (the LIMIT is
        # inside it); the cards' wide columns and author are then read for those rows alone.
        page_ids = Post.objects.filter(pk__in=newest).annotate(rank=rank).order_by(*order).values("pk")
        qs = (
            Post.objects.filter(pk__in=page_ids[offset : offset + limit]).annotate(rank=rank).order_by(*order)
        )
        return list(qs.for_cards().defer("search_vector"))
    qs = qs.filter(Q(title__icontains=q) | Q(body__icontains=q)).order_by("-published_at", "-pk")
    return list(qs.for_cards()[offset : offset + limit])


def search_comments(*, q: str, limit: int = PER_PAGE, offset: int = 0) -> list[Comment]:
    qs = Comment.objects.filter(
        is_hidden=False, is_deleted=False, post__status=Post.Status.PUBLISHED, post__is_hidden=False
    )
    if _is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(q, search_type="websearch", config="english")
        rank = SearchRank(F("search_vector"), query)
        order = ("-rank", "-created", "-pk")
        # As for posts: rank the newest candidates, keep the page's ids, then read those rows.
        newest = qs.filter(search_vector=query).order_by("-created").values("pk")[:SEARCH_CANDIDATES]
        page_ids = Comment.objects.filter(pk__in=newest).annotate(rank=rank).order_by(*order).values("pk")
        qs = (
            Comment.objects.filter(pk__in=page_ids[offset : offset + limit])
            .annotate(rank=rank)
            .order_by(*order)
        )
        return list(qs.select_related("author", "post").defer("search_vector", "post__search_vector"))
    qs = qs.filter(body__icontains=q).order_by("-created", "-pk")
    return list(qs.select_related("author", "post")[offset : offset + limit])


def search_members(*, q: str, limit: int = PER_PAGE, offset: int = 0) -> list:
    term = q.strip().lstrip("@")
    return list(
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(handle__icontains=term) | Q(first_name__icontains=term) | Q(last_name__icontains=term))
        .order_by("handle")[offset : offset + limit]
    )


FINDERS = {"posts": search_posts, "comments": search_comments, "members": search_members}


def search_page(*, kind: str, q: str, page: str | None, per_page: int = PER_PAGE) -> UncountedPage:
    """A page of posts, comments or members matching `q`, with no count of every match: one
    row past the page says whether a next one follows."""
    return paginate_without_count(partial(FINDERS[kind], q=q), page=page, per_page=per_page)
