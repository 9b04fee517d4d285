"""tests/querycount.py, the query-count helper every list page's test uses."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.urls import path

from tests.accounts.factories import UserFactory


def one_query(request):
    return HttpResponse(",".join(get_user_model().objects.values_list("handle", flat=True)))


def query_per_row(request):
    handles = [
        get_user_model().objects.get(pk=pk).handle
        for pk in get_user_model().objects.values_list("pk", flat=True)
    ]
    return HttpResponse(",".join(handles))


urlpatterns = [path("one/", one_query), path("per-row/", query_per_row)]
pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def add_members(n: int) -> None:
    UserFactory.create_batch(n)


def test_a_page_with_constant_queries_passes_and_gives_the_count(client, assert_page_queries):
    page = assert_page_queries(client, "/one/", add_rows=add_members, expected=1)
    assert page.count == 1 and page.response.content.count(b",") == 49


def test_a_page_whose_queries_grow_fails_listing_them(client, assert_page_queries):
    with pytest.raises(AssertionError) as failure:
        assert_page_queries(client, "/per-row/", add_rows=add_members)
    message = str(failure.value)
    assert "The query count of /per-row/ grows with its rows: 2 at 1, 51 at 50." in message
    assert "At 50 (51):" in message and "  51. SELECT" in message


def test_a_pinned_count_that_changed_fails(client, assert_page_queries):
    with pytest.raises(AssertionError) as failure:
        assert_page_queries(client, "/one/", add_rows=add_members, expected=3)
    assert "/one/ takes 1 queries at 1 row(s); 3 are pinned." in str(failure.value)


def test_no_test_pins_rows_by_parametrizing_1_and_50():
    """A list page's query count goes through assert_page_queries, not a hand-rolled pair of runs."""
    from pathlib import Path

    tests = Path(__file__).resolve().parent.parent
    hand_rolled = [
        str(path.relative_to(tests))
        for path in tests.rglob("test_*.py")
        if path.name != "test_querycount.py" and "[1, 50])" in path.read_text()
    ]
    assert hand_rolled == []
