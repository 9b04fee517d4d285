from __future__ import annotations

import pytest

from apps.core.markdown import render_markdown
from apps.core.templatetags import core_tags
from tests.events.factories import EventFactory

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


def test_event_description_is_rendered_once_then_served_from_the_cache(client, renders):
    event = EventFactory(description="Two days of **talks**.")
    first = client.get(event.get_absolute_url()).content.decode()
    second = client.get(event.get_absolute_url()).content.decode()
    assert "<strong>talks</strong>" in first and "<strong>talks</strong>" in second
    assert renders.count("Two days of **talks**.") == 1


def test_an_edited_event_description_shows_at_once(client, renders):
    event = EventFactory(description="Two days of **talks**.")
    client.get(event.get_absolute_url())
    event.description = "Three days of *workshops*."
    event.save()
    body = client.get(event.get_absolute_url()).content.decode()
    assert "<em>workshops</em>" in body and "talks" not in body


def test_two_events_never_share_a_cached_description(client, renders):
    one = EventFactory(description="First **event**.")
    two = EventFactory(description="Second **event**.")
    assert "First" in client.get(one.get_absolute_url()).content.decode()
    body = client.get(two.get_absolute_url()).content.decode()
    assert "Second" in body and "First" not in body
