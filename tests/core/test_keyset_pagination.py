"""apps.core.pagination: keyset pages, which continue after a cursor instead of an offset."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.community.models import Post
from apps.core.pagination import cursor_values, paginate_by_key
from tests.community.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts():
    start = timezone.now() - timedelta(days=1)
    # Pairs share a timestamp, so the id must break the tie.
    return [PostFactory(title=f"P{i:02d}", published_at=start - timedelta(minutes=i // 2)) for i in range(9)]


def _newest():
    return Post.objects.order_by("-published_at", "-id")


def test_keyset_pages_walk_every_row_once_in_order(posts, django_assert_num_queries):
    seen, cursor = [], None
    while True:
        with django_assert_num_queries(1):
            page = paginate_by_key(_newest(), cursor=cursor, per_page=2)
        seen += [p.pk for p in page.object_list]
        assert page.is_first == (cursor is None)
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == [p.pk for p in _newest()]


def test_rows_added_above_the_cursor_do_not_shift_the_next_page(posts):
    first = paginate_by_key(_newest(), cursor=None, per_page=3)
    PostFactory(title="Newest")
    second = paginate_by_key(_newest(), cursor=first.next_cursor, per_page=3)
    assert [p.title for p in second.object_list] == [p.title for p in list(_newest())[4:7]]


def test_cursor_is_signed_and_a_forged_or_foreign_one_reads_from_the_top(posts):
    page = paginate_by_key(_newest(), cursor=None, per_page=2)
    assert cursor_values(page.next_cursor) is not None
    forged = signing.dumps(["2000-01-01T00:00:00+00:00", 1], salt="another-salt")
    wrong_shape = paginate_by_key(_newest(), cursor=None, per_page=2, keys=("id",)).next_cursor
    for bad in ["", "junk", page.next_cursor[:-3] + "abc", forged, wrong_shape]:
        assert cursor_values(bad) is None
        assert paginate_by_key(_newest(), cursor=bad, per_page=2).is_first


def test_a_well_signed_cursor_holding_nonsense_gives_an_empty_page_not_an_error(posts):
    cursor = signing.dumps(["not a date", "x"], salt="core.pagination.cursor")
    page = paginate_by_key(_newest(), cursor=cursor, per_page=2)
    assert page.object_list == [] and not page.has_next


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_a_later_page_starts_its_index_walk_at_the_cursor(posts):
    first = paginate_by_key(Post.objects.listed().order_by("-published_at", "-id"), cursor=None, per_page=2)
    with CaptureQueriesContext(connection) as ctx:
        paginate_by_key(
            Post.objects.listed().order_by("-published_at", "-id"), cursor=first.next_cursor, per_page=2
        )
    sql = ctx.captured_queries[0]["sql"]
    assert "OFFSET" not in sql.upper()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET LOCAL enable_seqscan = on")
    assert "Index Scan" in plan and "Index Cond: (published_at <=" in plan
