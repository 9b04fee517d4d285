"""Search posts, comments and members: PostgreSQL full-text search on stored vectors
(title weighted above body), icontains on SQLite."""

from __future__ import annotations

from functools import partial

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL

from apps.community.models import Comment, Post
from apps.core.pagination import UncountedPage, paginate_without_count


def _is_postgres() -> bool:
    return connection.vendor == "postgresql"


# Ranking looks at the newest this many matches only: a common word matches tens of thousands
# of posts, and ranking them all costs far more than it tells. Nobody pages past them.
SEARCH_CANDIDATES = 1000
PER_PAGE = 20


def _ranked_page_ids(matches: QuerySet, *, rank, newest: str, offset: int, limit: int) -> RawSQL:
    """The ids of one page of `matches` by rank, as a subquery: the newest SEARCH_CANDIDATES
    matches are read once, each ranked as it is read, and only the page's ids leave the
    database. The wide columns are then read for those ids alone, never for every candidate."""
    candidates = (
        matches.annotate(rank=rank)
        .order_by(f"-{newest}", "-pk")
        .values("id", newest, "rank")[:SEARCH_CANDIDATES]
    )
    # Django cannot select from a subquery; the SQL is Django's own with its parameters kept
    # apart (the search words among them), and `newest` is a column name from this module.
    sql, params = candidates.query.sql_with_params()
    return RawSQL(  # noqa: S611
        f'SELECT c."id" FROM ({sql}) c ORDER BY c."rank" DESC, c."{newest}" DESC, c."id" DESC '  # noqa: S608
        "LIMIT %s OFFSET %s",
        (*params, limit, offset),
    )


def search_posts(*, q: str, limit: int = PER_PAGE, offset: int = 0) -> list[Post]:
    qs = Post.objects.listed()
    if _is_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(q, search_type="websearch", config="english")
        rank = SearchRank(F("search_vector"), query)
        ids = _ranked_page_ids(
            qs.filter(search_vector=query), rank=rank, newest="published_at", offset=offset, limit=limit
        )
        qs = Post.objects.filter(pk__in=ids).annotate(rank=rank).order_by("-rank", "-published_at", "-pk")
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
        ids = _ranked_page_ids(
            qs.filter(search_vector=query), rank=rank, newest="created", offset=offset, limit=limit
        )
        qs = Comment.objects.filter(pk__in=ids).annotate(rank=rank).order_by("-rank", "-created", "-pk")
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
