"""Raw answers are kept, so a finished quiz can be scored again with a newer scoring version."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from apps.careers import services
from apps.careers.models import QuizSession, Result
from apps.careers.scoring import Rules
from apps.careers.selectors import result_latest_for_member
from tests.careers.factories import finished_quiz

pytestmark = pytest.mark.django_db

# A version that counts only work style: the same answers can point elsewhere.
WORK_STYLE_ONLY = Rules(
    version=2,
    weights={"technical": 0.0, "problem_solving": 0.0, "scenarios": 0.0, "work_style": 1.0},
    choice_weight=0.0,
)


def _mixed_answers(quiz) -> dict[str, int]:
    """Builders in every category but work style, where educators lead."""
    values = {}
    for item in quiz.items.all():
        if item.kind == "choice":
            values[item.key] = 1 if item.track == "builders" else 2 if item.other_track == "builders" else 1
            continue
        leading = "educators" if item.category == "work_style" else "builders"
        value = 5 if item.track == leading else 2
        values[item.key] = 6 - value if item.reverse else value
    return values


def test_rescoring_a_kept_session_adds_a_result_with_the_new_version(user, quiz):
    session = QuizSession.objects.create(user=user, version=quiz)
    services.answers_save(session=session, values=_mixed_answers(quiz))
    first = services.session_complete(session=session)
    services.result_share_set(result=first, shared=True)
    assert (first.scoring_version, first.primary_track) == (1, "builders")

    second = services.result_rescore(session=session, rules=WORK_STYLE_ONLY)

    assert (second.scoring_version, second.primary_track) == (2, "educators")
    assert second.track_scores["educators"] == pytest.approx(1.0)  # 5s and reversed 1s: (5-1)/4
    assert Result.objects.filter(session=session).count() == 2
    assert result_latest_for_member(user=user) == second
    # The member chose to show this quiz's result: the new reading of it is shown instead.
    assert list(Result.objects.filter(shared=True)) == [second]
    # Scoring again with the same version updates it in place.
    again = services.result_rescore(session=session, rules=WORK_STYLE_ONLY)
    assert again.pk == second.pk and Result.objects.filter(session=session).count() == 2


def test_the_rescore_command_scores_every_finished_quiz(user, quiz):
    finished_quiz(user, quiz)
    QuizSession.objects.create(user=user, version=quiz)  # unfinished: left alone
    call_command("careers_rescore", "--scoring", "1")
    assert Result.objects.count() == 1
