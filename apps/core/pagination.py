"""Every list's pagination: Django's paginator for ordinary lists, a capped count for lists a
search can make huge, and count-free pages for feeds too long to count at all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import cached_property

DEFAULT_PER_PAGE = 20
# Counted pages stop counting past this many rows (see CappedPaginator).
RESULTS_CAP = 1_000
# Count-free pages past this are not served (page 500 of a feed is 10,000 rows deep).
MAX_PAGE = 500


def paginate(request: HttpRequest, queryset: QuerySet, *, per_page: int = DEFAULT_PER_PAGE) -> Page:
    """The requested page of `queryset`; a missing, malformed or out-of-range ?page= gives the
    nearest valid page instead of an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


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
    queryset: QuerySet, *, page: str | None, per_page: int = DEFAULT_PER_PAGE
) -> UncountedPage:
    """Offset pages that never COUNT(*) a 200,000-row table: fetch one extra row to know
    whether there is a next page."""
    number = page_number(page)
    offset = (number - 1) * per_page
    rows = list(queryset[offset : offset + per_page + 1])
    return UncountedPage(object_list=rows[:per_page], number=number, has_next=len(rows) > per_page)
