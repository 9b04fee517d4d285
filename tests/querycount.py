"""The one way to pin a page's query count: render it at 1 row and at 50 rows and assert the
same number of queries (or a pinned number), failing with the queries themselves.

    def test_job_list_queries_do_not_grow_with_rows(member_client, assert_page_queries):
        assert_page_queries(member_client, reverse("jobs:job-list"), add_rows=add_jobs, expected=4)

`add_rows(n)` adds n more of whatever the page lists (called with 1, then with 49). The page is
requested once before counting, because a session's first request does one-off work (it
refreshes the session and fills caches) that later requests do not repeat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

SQL_SHOWN = 300  # characters of each query shown in a failure


@dataclass(frozen=True)
class PageQueries:
    count: int  # queries for one request, the same at 1 and at 50 rows
    first: HttpResponse  # the page at 1 row
    response: HttpResponse  # the page at 50 rows


def _queries(
    client: Client, url: str, method: str, data: Any, headers: dict | None
) -> tuple[HttpResponse, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data, headers=headers or {})
    return response, [query["sql"] for query in ctx.captured_queries]


def _listing(title: str, queries: list[str]) -> str:
    lines = [f"{title} ({len(queries)}):"]
    lines += [
        f"  {n}. {sql[:SQL_SHOWN]}{'…' if len(sql) > SQL_SHOWN else ''}" for n, sql in enumerate(queries, 1)
    ]
    return "\n".join(lines)


def assert_page_queries(
    client: Client,
    url: str | Callable[[], str],
    *,
    add_rows: Callable[[int], Any],
    expected: int | None = None,
    rows: tuple[int, int] = (1, 50),
    method: str = "get",
    data: Any = None,
    headers: dict | None = None,
    warm_up: bool = True,
    before_each: Callable[[], Any] | None = None,
    status: int = 200,
) -> PageQueries:
    """Render `url` after adding `rows[0]` rows, then after adding up to `rows[1]`, and assert
    the query count is the same both times (and equals `expected` when given). `url` may be a
    function, for a page whose address depends on the rows; `before_each` runs before each
    counted request (to empty a cache the page fills, so both counts include its queries)."""
    few, many = rows
    add_rows(few)
    address = url() if callable(url) else url
    if warm_up:
        getattr(client, method)(address, data, headers=headers or {})
    if before_each:
        before_each()
    first, at_few = _queries(client, address, method, data, headers)
    add_rows(many - few)
    address = url() if callable(url) else url
    if before_each:
        before_each()
    response, at_many = _queries(client, address, method, data, headers)

    assert first.status_code == status and response.status_code == status, (
        f"{address} answered {first.status_code} then {response.status_code}, not {status}"
    )
    problems = []
    if len(at_few) != len(at_many):
        problems.append(
            f"The query count of {address} grows with its rows: {len(at_few)} at {few}, {len(at_many)} at {many}."
        )
    if expected is not None and len(at_few) != expected:
        problems.append(f"{address} takes {len(at_few)} queries at {few} row(s); {expected} are pinned.")
    assert not problems, "\n".join(
        [*problems, _listing(f"At {few}", at_few), _listing(f"At {many}", at_many)]
    )
    return PageQueries(count=len(at_few), first=first, response=response)
