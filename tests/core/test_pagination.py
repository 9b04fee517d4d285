"""apps.core.pagination: the count-free pages long feeds use."""

from __future__ import annotations

import pytest

from apps.core.pagination import MAX_PAGE, page_number, paginate_without_count
from tests.accounts.factories import UserFactory


@pytest.mark.django_db
def test_uncounted_page_knows_a_next_page_follows_without_counting(django_assert_num_queries):
    from apps.accounts.models import User

    UserFactory.create_batch(5)
    users = User.objects.order_by("pk")
    with django_assert_num_queries(1):
        first = paginate_without_count(users, page="1", per_page=2)
    assert [u.pk for u in first.object_list] == [u.pk for u in users[:2]]
    assert first.has_next
    assert first.next_page_number == 2
    last = paginate_without_count(users, page="3", per_page=2)
    assert len(last.object_list) == 1
    assert not last.has_next


def test_uncounted_page_asks_a_finder_for_one_row_past_the_page():
    asked = []

    def finder(*, offset: int, limit: int) -> list[int]:
        asked.append((offset, limit))
        return list(range(7))[offset : offset + limit]

    second = paginate_without_count(finder, page="2", per_page=3)
    assert asked == [(3, 4)]
    assert second.object_list == [3, 4, 5]
    assert second.has_next
    assert not paginate_without_count(finder, page="3", per_page=3).has_next


def test_page_number_reads_malformed_or_out_of_range_pages_as_the_nearest_valid_one():
    assert page_number(None) == 1
    assert page_number("<script>") == 1
    assert page_number("-4") == 1
    assert page_number("7") == 7
    assert page_number(str(MAX_PAGE + 1)) == MAX_PAGE
