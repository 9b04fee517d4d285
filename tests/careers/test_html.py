"""The careers pages are valid HTML (the Nu validator, as tests/core/test_html_validity.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.careers.factories import finished_quiz
from tests.core.test_html_validity import nu_errors

pytestmark = pytest.mark.django_db


def test_careers_pages_are_valid_html(member_client, user, quiz, tmp_path):
    result = finished_quiz(user, quiz, "builders")
    pages = {
        "how": member_client.get(reverse("careers:how")).content.decode(),
        "result": member_client.get(result.get_absolute_url()).content.decode(),
        "history": member_client.get(reverse("careers:history")).content.decode(),
        "start": member_client.get(reverse("careers:quiz")).content.decode(),
    }
    newcomer = UserFactory()
    member_client.force_login(newcomer)
    member_client.post(reverse("careers:quiz-start"))
    pages["quiz"] = member_client.get(reverse("careers:quiz")).content.decode()
    pages["quiz-errors"] = member_client.post(
        reverse("careers:quiz"), {"page": 1, "move": "next"}
    ).content.decode()
    assert "There are" in pages["quiz-errors"]

    assert nu_errors(pages, tmp_path) == []
