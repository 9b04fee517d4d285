"""The staff page: results per track and version, and item statistics with known numbers."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.careers.itemstats import cronbach_alpha, item_statistics, pearson, track_reliability
from apps.careers.scoring import CHOICE, LIKERT, ItemSpec
from tests.accounts.factories import UserFactory
from tests.accounts.test_staff_powers import _staff_browser
from tests.careers.factories import finished_quiz

ITEMS = [
    ItemSpec("a", "technical", LIKERT, "builders"),
    ItemSpec("b", "technical", LIKERT, "builders", reverse=True),
    ItemSpec("c", "work_style", LIKERT, "builders"),
    ItemSpec("x", "scenarios", CHOICE, "builders", other_track="leaders"),
]
SESSIONS = [
    {"a": 5, "b": 1, "c": 4, "x": 1},
    {"a": 4, "b": 2, "c": 4, "x": 1},
    {"a": 2, "b": 4, "c": 2, "x": 2},
    {"a": 1, "b": 5, "c": 2, "x": 2},
]


def test_cronbach_alpha_on_a_worked_example():
    # Three items, four people: rows are people.
    rows = [[5, 4, 3], [3, 3, 2], [2, 2, 1], [1, 1, 1]]
    # Item variances (sample, n - 1): 2.9167 + 1.6667 + 0.9167 = 5.5.
    # Totals 12, 8, 5, 3: mean 7, variance (25 + 1 + 4 + 16) / 3 = 15.3333.
    # alpha = 3/2 * (1 - 5.5 / 15.3333) = 0.9620
    assert cronbach_alpha(rows) == pytest.approx(1.5 * (1 - 5.5 / (46 / 3)))
    assert cronbach_alpha(rows) == pytest.approx(0.9620, abs=1e-4)
    assert cronbach_alpha([[3, 3], [3, 3]]) is None  # no spread
    assert cronbach_alpha([[1, 2]]) is None  # one person


def test_item_statistics_turn_reverse_items_round_and_correlate_with_the_rest_of_the_track():
    stats = {s.item.key: s for s in item_statistics(ITEMS, SESSIONS)}

    # a: 5, 4, 2, 1 -> mean 3.0; b reversed: 5, 4, 2, 1 -> mean 3.0
    assert stats["a"].mean == pytest.approx(3.0) and stats["b"].mean == pytest.approx(3.0)
    assert stats["a"].spread == pytest.approx(1.8257, abs=1e-4)
    # a against b + c (reversed b): 9, 8, 4, 3 -> r = pearson([5, 4, 2, 1], [9, 8, 4, 3])
    assert stats["a"].item_total == pytest.approx(pearson([5, 4, 2, 1], [9, 8, 4, 3]))
    assert stats["a"].item_total > 0.9
    # The forced choice: share choosing the first statement, no correlation.
    assert stats["x"].mean == pytest.approx(0.5) and stats["x"].item_total is None
    reliability = {r.track: r for r in track_reliability(ITEMS, SESSIONS)}
    assert reliability["builders"].items == 3 and reliability["builders"].n == 4
    assert reliability["builders"].alpha > 0.9
    assert reliability["leaders"].alpha is None


@pytest.mark.django_db
def test_staff_page_counts_results_per_track_and_version(quiz):
    for track in ("builders", "builders", "leaders"):
        finished_quiz(UserFactory(), quiz, track)
    staff = _staff_browser(verified=True)

    html = staff.get(reverse("careers_staff:overview")).content.decode()
    assert "<h1" in html and "v1" in html
    assert "2 <span" in html  # two builders

    items = staff.get(reverse("careers_staff:items", args=[1])).content.decode()
    assert "Over 3 finished quizzes" in items
    assert 'data-alpha="builders"' in items
    assert quiz.items.first().key in items


@pytest.mark.django_db
def test_staff_pages_need_the_second_factor(quiz, member_client):
    unverified = _staff_browser(verified=False)
    assert unverified.get(reverse("careers_staff:overview")).status_code in (302, 403)
    assert member_client.get(reverse("careers_staff:items", args=[1])).status_code in (302, 403)
