"""The mentor's evaluation set and its command: the offline mentor keeps its score, stated in
the README, in CI."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.mentor import evaluation

pytestmark = pytest.mark.django_db(transaction=False)

# The README states this floor; it is the local mentor's honest score minus a small margin.
LOCAL_FLOOR = 0.9


def test_the_set_has_forty_questions_from_members_of_every_profile_and_intent():
    world, profiles, questions = evaluation.load()

    assert len(questions) >= 40
    assert len({q.id for q in questions}) == len(questions)
    assert {"student", "junior", "senior", "changer", "organiser"} <= set(profiles)
    assert {q.profile for q in questions} == set(profiles)
    assert {q.intent for q in questions} >= {
        "hackathon",
        "learn",
        "career",
        "interview",
        "debug",
        "code",
        "site",
    }
    assert all(q.must or q.must_any or q.must_not for q in questions)
    assert {h["status"] for h in world["hackathon"]} >= {"open", "running", "ended", "running-closed"}


def test_mentor_eval_scores_the_local_mentor_above_the_floor_and_prints_a_table():
    out = StringIO()

    call_command("mentor_eval", "--here", "--backend", "local", "--min-pass", str(LOCAL_FLOOR), stdout=out)

    table = out.getvalue()
    assert table.splitlines()[0].split()[:3] == ["intent", "questions", "local"]
    for intent in ("hackathon", "learn", "career", "interview", "debug", "code", "site", "overall"):
        assert re.search(rf"^{intent}\s+\d+\s+\d+/\d+ \(\d+%\)", table, re.MULTILINE), intent


def test_mentor_eval_leaves_nothing_behind():
    from apps.mentor.content import content_sources

    call_command("mentor_eval", "--here", "--backend", "local", stdout=StringIO())

    assert all(not source.public().exists() for source in content_sources()[0].values())


def test_mentor_eval_fails_under_the_floor():
    with pytest.raises(CommandError, match="under the floor"):
        call_command("mentor_eval", "--here", "--backend", "local", "--min-pass", "1.01", stdout=StringIO())


def test_asking_for_the_model_without_one_configured_says_how_to_set_it():
    with pytest.raises(CommandError, match="MENTOR_BACKEND=openai"):
        call_command("mentor_eval", "--here", "--backend", "model", stdout=StringIO())


def test_the_readme_states_the_floor_ci_holds():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()

    assert f"--min-pass {LOCAL_FLOOR}" in readme


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        ("## The challenge\n\nBuild it.", None),
        ("Use \\`eval\\` here", "shows raw Markdown '`'"),
        ("Which hackathon should I join? Try one.", "repeats the question"),
        ("Try the Lagos Fintech Sprint 2025.", "contains 'Lagos Fintech Sprint 2025'"),
    ],
)
def test_answers_are_checked_as_a_reader_sees_them(reply, problem):
    question = evaluation.Question(
        id="q", profile="student", intent="hackathon", text="Which hackathon should I join?",
        must_not=("Lagos Fintech Sprint 2025",),
    )  # fmt: skip

    problems = evaluation.check(question, reply, intent_found="hackathon")

    assert problems == ([problem] if problem else [])


def test_a_configured_model_is_scored_beside_the_local_mentor(fake_llm):
    out = StringIO()

    call_command("mentor_eval", "--here", stdout=out)

    header = out.getvalue().splitlines()[0].split()
    assert header == ["intent", "questions", "local", "model"]
    assert fake_llm.requests, "the model was asked"
    assert re.search(r"^overall\s+\d+\s+\d+/\d+ \(\d+%\)\s+\d+/\d+ \(\d+%\)", out.getvalue(), re.MULTILINE)
