from __future__ import annotations

import pytest

from apps.core.markdown import render_markdown
from apps.core.templatetags import core_tags
from tests.hackathons.factories import HackathonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """Every Markdown text the pages render."""
    seen: list[str] = []

    def counting(text: str):
        seen.append(text)
        return render_markdown(text)

    monkeypatch.setattr(core_tags, "render_markdown", counting)
    return seen


def test_hackathon_markdown_is_rendered_once_then_served_from_the_cache(client, renders):
    hackathon = HackathonFactory(
        description="Build **things**.", rules="No *plagiarism*.", requirements="A laptop."
    )
    first = client.get(hackathon.get_absolute_url()).content.decode()
    second = client.get(hackathon.get_absolute_url()).content.decode()
    for html in (first, second):
        assert "<strong>things</strong>" in html and "<em>plagiarism</em>" in html and "A laptop." in html
    assert [renders.count(text) for text in ("Build **things**.", "No *plagiarism*.", "A laptop.")] == [
        1,
        1,
        1,
    ]


def test_an_edited_hackathon_shows_its_new_markdown_at_once(client, renders):
    hackathon = HackathonFactory(description="Build **things**.", rules="No *plagiarism*.")
    client.get(hackathon.get_absolute_url())
    hackathon.description = "Ship **faster**."
    hackathon.rules = ""
    hackathon.save()
    body = client.get(hackathon.get_absolute_url()).content.decode()
    assert "<strong>faster</strong>" in body and "things" not in body and "plagiarism" not in body
