"""Every list's pagination: Django's paginator for ordinary lists, a capped count for lists a
search can make huge, count-free pages for lists too long to count at all, and keyset pages
(by cursor) for feeds people scroll deep into."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

DEFAULT_PER_PAGE = 20
# Counted pages stop counting past this many rows (see CappedPaginator).
RESULTS_CAP = 1_000
# Count-free pages past this are not served (page 500 of a feed is 10,000 rows deep).
MAX_PAGE = 500


def paginate(
    request: HttpRequest, queryset: QuerySet, *, per_page: int = DEFAULT_PER_PAGE, param: str = "page"
) -> Page:
    """The requested page of `queryset`; a missing, malformed or out-of-range ?page= gives the
    nearest valid page instead of an error. `param` names the query parameter, for a page that
    lists several things, each paged on its own (?sessions=2&mentees=3)."""
    return Paginator(queryset, per_page).get_page(request.GET.get(param))


# --- Capped count --------------------------------------------------------------------------


class CappedPaginator(Paginator):
    """Counts at most `cap` matches.

    A common word ("python", "engineer") matches thousands of rows; counting them all makes
    PostgreSQL fetch and recheck every matching row (tens of milliseconds at 20,000 jobs) only
    to print a number. Counting through a LIMIT stops at the cap, and nobody pages past it:
    they narrow the search instead."""

    cap = RESULTS_CAP

    @cached_property
    def _count_to_cap(self) -> int:
        """The matches, counted up to one past the cap (so we know whether there are more)."""
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        # Pages end at the cap: the last page is one we can show.
        return min(self._count_to_cap, self.cap)

    @property
    def is_capped(self) -> bool:
        return self._count_to_cap > self.cap


def paginate_capped(request: HttpRequest, queryset: QuerySet, *, per_page: int = DEFAULT_PER_PAGE) -> Page:
    return CappedPaginator(queryset, per_page).get_page(request.GET.get("page"))


# --- Without a count -----------------------------------------------------------------------


@dataclass
class UncountedPage:
    """A page that knows whether another follows, not how many there are."""

    object_list: list[Any]
    number: int
    has_next: bool

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def page_number(page: str | None) -> int:
    """?page= as a page number from 1 to MAX_PAGE; anything malformed is page 1."""
    try:
        return max(1, min(int(page or 1), MAX_PAGE))
    except (TypeError, ValueError):
        return 1


def paginate_without_count(
    rows: QuerySet | Callable[..., Sequence[Any]], *, page: str | None, per_page: int = DEFAULT_PER_PAGE
) -> UncountedPage:
    """Offset pages that never COUNT(*) a 200,000-row table: fetch one extra row to know
    whether there is a next page. `rows` is a QuerySet, or a function taking `offset` and
    `limit` keywords, for reads that must place the LIMIT themselves (a search ranking only
    the page's rows)."""
    number = page_number(page)
    offset = (number - 1) * per_page
    if isinstance(rows, QuerySet):
        fetched = list(rows[offset : offset + per_page + 1])
    else:
        fetched = list(rows(offset=offset, limit=per_page + 1))
    return UncountedPage(object_list=fetched[:per_page], number=number, has_next=len(fetched) > per_page)


# --- By key --------------------------------------------------------------------------------

# The order every keyset page of posts walks: newest first, the id breaking ties.
NEWEST_FIRST = ("published_at", "id")


@dataclass
class KeysetPage:
    """A page that continues after its last row, whatever was added before it since.

    `next_cursor` is opaque (signed, so a hand-made one is refused rather than trusted); the
    page after it is read by `paginate_by_key` with that cursor. `is_first` says whether this
    page started at the top."""

    object_list: list[Any]
    next_cursor: str
    is_first: bool

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)


_CURSOR_SALT = "core.pagination.cursor"


def cursor_values(cursor: str | None, *, keys: tuple[str, ...] = NEWEST_FIRST) -> list[Any] | None:
    """The key values a cursor carries, or None (read from the top) when there is none or it
    was tampered with, truncated or written for another ordering."""
    if not cursor:
        return None
    try:
        values = signing.loads(cursor, salt=_CURSOR_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    return values


def _cursor_for(row: Any, keys: tuple[str, ...]) -> str:
    values = [getattr(row, key) for key in keys]
    return signing.dumps([v.isoformat() if hasattr(v, "isoformat") else v for v in values], salt=_CURSOR_SALT)


def rows_after(queryset: QuerySet, *, values: list[Any], keys: tuple[str, ...] = NEWEST_FIRST) -> QuerySet:
    """The rows that come after `values` in a queryset ordered by `keys`, all descending.

    Written as `k1 <= v1 AND (k1 < v1 OR (k2 <= v2 AND (…)))`: the leading `k1 <= v1` is a
    range on the ordering index, so PostgreSQL starts its walk at the cursor instead of
    skipping the rows before it, which is what makes page 50 as fast as page 1."""
    model = queryset.model
    try:
        parsed = [
            model._meta.get_field(key).to_python(value) for key, value in zip(keys, values, strict=True)
        ]
    except (ValidationError, TypeError, ValueError):
        return queryset.none()
    condition = Q(**{f"{keys[-1]}__lt": parsed[-1]})
    for key, value in zip(reversed(keys[:-1]), reversed(parsed[:-1]), strict=True):
        condition = Q(**{f"{key}__lte": value}) & (Q(**{f"{key}__lt": value}) | condition)
    return queryset.filter(condition)


def keyset_page(
    rows: list[Any], *, per_page: int, first: bool, keys: tuple[str, ...] = NEWEST_FIRST
) -> KeysetPage:
    """A page from up to per_page + 1 rows already in order (the extra one says more follow)."""
    shown = rows[:per_page]
    more = len(rows) > per_page and shown
    return KeysetPage(
        object_list=shown, next_cursor=_cursor_for(shown[-1], keys) if more else "", is_first=first
    )


def paginate_by_key(
    queryset: QuerySet,
    *,
    cursor: str | None,
    keys: tuple[str, ...] = NEWEST_FIRST,
    per_page: int = DEFAULT_PER_PAGE,
) -> KeysetPage:
    """Keyset pages of a queryset ordered by `keys` descending (non-null, the last unique):
    each page reads per_page + 1 rows from where the previous one stopped, never an OFFSET,
    never a COUNT. A bad cursor reads from the top."""
    values = cursor_values(cursor, keys=keys)
    if values is not None:
        queryset = rows_after(queryset, values=values, keys=keys)
    rows = list(queryset[: per_page + 1])
    return keyset_page(rows, per_page=per_page, first=values is None, keys=keys)
