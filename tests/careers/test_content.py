"""Quiz content files: the real file is valid and fair, bad files are refused with clear
messages, and a published version is frozen (in the services and in the admin)."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.careers import services
from apps.careers.content import QuizData, quiz_parse, quiz_read
from apps.careers.models import Item, QuizVersion
from apps.careers.scoring import CATEGORY_SLUGS
from apps.careers.tracks import TRACK_SLUGS
from tests.careers.conftest import QUIZ_FILE


def test_the_quiz_file_has_two_likert_items_per_track_and_category_half_reversed_and_some_choices():
    data = quiz_read(QUIZ_FILE)
    likert = [i for i in data.items if i.kind == "likert"]
    per_cell = Counter((i.track, i.category) for i in likert)
    assert all(per_cell[t, c] >= 2 for t in TRACK_SLUGS for c in CATEGORY_SLUGS)
    assert sum(i.reverse for i in likert) == len(likert) // 2
    choices = [i for i in data.items if i.kind == "choice"]
    assert len(choices) >= 5
    assert {i.track for i in choices} | {i.other_track for i in choices} == set(TRACK_SLUGS)


def test_a_file_with_problems_is_refused_with_every_problem_named():
    raw = {
        "version": "one",
        "title": "",
        "items": [
            {"key": "a", "category": "cooking", "kind": "likert", "track": "builders", "text": "x"},
            {"key": "a", "category": "technical", "kind": "choice", "track": "builders", "text": "x",
             "other_track": "builders", "other_text": "y"},
            {"key": "b<script>", "category": "technical", "track": "pirates", "text": "y" * 300},
        ],
    }  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        quiz_parse(raw)
    messages = caught.value.messages
    assert "`version` must be a whole number from 1." in messages
    assert any("`category` must be one of" in m for m in messages)
    assert any("`other_track` must be another track" in m for m in messages)
    assert any("`key` must be letters" in m for m in messages)
    assert any("`track` must be one of" in m for m in messages)
    assert any("at most 200 characters" in m for m in messages)


def test_a_file_that_is_not_toml_is_a_command_error_not_a_crash(tmp_path, db):
    bad = tmp_path / "quiz.toml"
    bad.write_text("version = [unclosed")
    with pytest.raises(CommandError, match="cannot read it as TOML"):
        call_command("careers_import", str(bad))


@pytest.mark.django_db
def test_the_import_command_loads_and_publishes_the_file():
    call_command("careers_import", str(QUIZ_FILE), "--publish")
    version = QuizVersion.objects.get()
    assert version.is_frozen and version.items.count() == len(quiz_read(QUIZ_FILE).items)


@pytest.mark.django_db
def test_a_draft_can_be_imported_again_but_a_published_version_is_frozen(quiz):
    data = quiz_read(QUIZ_FILE)
    draft = services.quiz_import(data=QuizData(2, "Draft", "", data.items))
    services.quiz_import(data=QuizData(2, "Draft, revised", "", data.items[:-1]))
    draft.refresh_from_db()
    assert draft.title == "Draft, revised" and draft.items.count() == len(data.items) - 1

    with pytest.raises(ValidationError, match="published and frozen"):
        services.quiz_import(data=data)
    with pytest.raises(ValidationError, match="published and frozen"):
        services.quiz_item_update(item=quiz.items.first(), text="Changed")
    assert not Item.objects.filter(text="Changed").exists()


@pytest.mark.django_db
def test_the_admin_shows_a_published_version_read_only(admin_client, quiz):
    item = quiz.items.first()
    response = admin_client.post(
        reverse("admin:careers_item_change", args=[item.pk]),
        {"version": quiz.pk, "key": item.key, "position": 0, "category": item.category, "kind": "likert",
         "track": item.track, "text": "Changed in the admin"},
    )  # fmt: skip
    assert response.status_code == 302  # saved, with the read-only text left out
    item.refresh_from_db()
    assert item.text != "Changed in the admin"
    page = admin_client.get(reverse("admin:careers_quizversion_change", args=[quiz.pk])).content.decode()
    assert 'name="title"' not in page  # read-only
