from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.mentor.models import ApiToken, Conversation, MentorInteraction, Message
from apps.mentor.privacy import erase_member_data, export_member_data
from apps.mentor.services import token_create
from tests.mentor.factories import ConversationFactory, InteractionFactory, MessageFactory

pytestmark = pytest.mark.django_db


def test_staff_page_needs_staff(member_client):
    assert member_client.get("/staff/mentor/").status_code == 403


def test_staff_page_needs_the_second_factor(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/staff/mentor/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")


def test_staff_page_shows_usage_helpful_rate_backends_and_slowest(staff_client):
    InteractionFactory(backend="local", latency_ms=40, helpful=True)
    InteractionFactory(backend="local", latency_ms=30, helpful=False)
    InteractionFactory(backend="openai", latency_ms=2500, helpful=True, kind="code_review")
    InteractionFactory(backend="openai", latency_ms=900)
    old = InteractionFactory(latency_ms=99999)
    MentorInteraction.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=45))

    response = staff_client.get("/staff/mentor/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<dd class="text-2xl font-bold" data-testid="total">4</dd>' in html
    assert "67%" in html and "2 of 3 rated answers" in html
    assert "local: 2" in html and "openai: 2" in html
    assert html.count("<rect ") == 30, "one bar per day"
    assert "2500 ms" in html
    assert "99999 ms" not in html, "older than the window"
    assert html.index("2500 ms") < html.index("900 ms")
    assert 'style="' not in html


def test_staff_page_without_calls(staff_client):
    html = staff_client.get("/staff/mentor/").content.decode()

    assert "no ratings yet" in html
    assert "No calls yet." in html


def test_export_contains_conversations_interactions_and_tokens(member):
    conversation = ConversationFactory(member=member, title="Exported", context_type="post", context_id=2)
    MessageFactory(conversation=conversation, content="My question")
    InteractionFactory(member=member, prompt="secret prompt", helpful=True, feedback_comment="nice")
    token_create(member=member, name="cli")
    InteractionFactory(prompt="someone else's")

    data = export_member_data(member)

    assert data["conversations"][0]["title"] == "Exported"
    assert data["conversations"][0]["context"] == {"type": "post", "id": 2}
    assert data["conversations"][0]["messages"][0]["content"] == "My question"
    assert [i["prompt"] for i in data["interactions"]] == ["secret prompt"]
    assert data["interactions"][0]["feedback_comment"] == "nice"
    assert data["api_tokens"][0]["name"] == "cli"
    assert "token_hash" not in data["api_tokens"][0]
    assert json.loads(json.dumps(data)) == data


def test_erase_removes_everything_of_the_member_only(member):
    conversation = ConversationFactory(member=member)
    MessageFactory(conversation=conversation)
    InteractionFactory(member=member, conversation=conversation)
    token_create(member=member, name="cli")
    other = InteractionFactory()

    erase_member_data(member)

    assert not Conversation.objects.filter(member=member).exists()
    assert not Message.objects.filter(conversation__member=member).exists()
    assert not MentorInteraction.objects.filter(member=member).exists()
    assert not ApiToken.objects.filter(member=member).exists()
    assert MentorInteraction.objects.filter(pk=other.pk).exists()


def test_demo_seed_is_idempotent(member):
    import io

    from apps.mentor import demo

    demo.seed(size="small", stdout=io.StringIO())
    first = MentorInteraction.objects.count()
    demo.seed(size="small", stdout=io.StringIO())

    assert first == 300 + len(demo.QUESTIONS), "the usage rows and the demo conversations' answers"
    assert MentorInteraction.objects.count() == first
    assert Conversation.objects.count() == 4
