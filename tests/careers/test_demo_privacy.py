"""Demo quizzes, and a member's answers and results in their export and gone with them."""

from __future__ import annotations

import io

import pytest

from apps.careers import demo
from apps.careers.models import Answer, QuizSession, Result
from apps.careers.privacy import erase_member_data, export_member_data
from tests.accounts.factories import UserFactory
from tests.careers.factories import finished_quiz

pytestmark = pytest.mark.django_db


def test_small_demo_publishes_the_quiz_and_finishes_quizzes_once():
    for _ in range(3):
        UserFactory()
    demo.seed(size="small", stdout=io.StringIO())
    demo.seed(size="small", stdout=io.StringIO())

    assert QuizSession.objects.filter(completed_at__isnull=False).count() == 3
    assert Result.objects.count() == 3
    assert {r.primary_track for r in Result.objects.all()} <= {"builders", "leaders", "entrepreneurs"}


def test_export_holds_every_answer_and_result(user, quiz):
    result = finished_quiz(user, quiz, "leaders")

    data = export_member_data(user)

    (quiz_data,) = data["quizzes"]
    assert quiz_data["quiz_version"] == 1
    assert len(quiz_data["answers"]) == quiz.items.count()
    assert quiz_data["results"][0]["primary_track"] == "leaders"
    assert quiz_data["results"][0]["reasons"] == [r["text"] for r in result.reasons]


def test_erase_removes_sessions_answers_and_results_of_that_member_only(user, quiz):
    finished_quiz(user, quiz)
    other = UserFactory()
    finished_quiz(other, quiz)

    erase_member_data(user)

    assert not QuizSession.objects.filter(user=user).exists()
    assert not Result.objects.filter(user=user).exists()
    assert Answer.objects.filter(session__user=other).count() == quiz.items.count()
