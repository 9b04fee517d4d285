"""The AI mentor reads a member's coaching as context for that member only."""

from __future__ import annotations

from datetime import date

import pytest

from apps.mentor.content import context_get, member_context_kinds
from apps.mentorship import services
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_mentor_gets_the_members_own_goals_habits_and_reflections():
    member = UserFactory()
    services.goal_create(
        user=member, data=services.GoalData(title="Pass the AWS exam", target_date=date(2099, 1, 1))
    )
    services.habit_create(user=member, name="Flashcards", cadence="daily")
    services.reflection_save(user=member, data=services.ReflectionData(was_hard="Networking chapter"))

    item = context_get(member=member, kind="coaching", pk=member.pk)

    assert "coaching" in member_context_kinds()
    assert item is not None and item.url == "/coaching/"
    for expected in ("Pass the AWS exam", "Flashcards", "Networking chapter"):
        assert expected in item.text


def test_nobody_reads_another_members_coaching_through_the_mentor():
    owner = UserFactory()
    services.habit_create(user=owner, name="Secret", cadence="daily")

    assert context_get(member=UserFactory(), kind="coaching", pk=owner.pk) is None


def test_the_mentor_answers_a_question_about_the_members_own_coaching():
    from apps.mentor.services import ContextNotFound, conversation_ask

    member = UserFactory()
    services.habit_create(user=member, name="Flashcards", cadence="daily")

    result = conversation_ask(
        member=member, message="What should I focus on this week?", context=("coaching", member.pk)
    )

    assert result.conversation.context_type == "coaching"
    assert result.reply.text
    with pytest.raises(ContextNotFound):
        conversation_ask(member=UserFactory(), message="Hi", context=("coaching", member.pk))


def test_the_mentor_page_opens_on_the_members_coaching(client):
    from django.urls import reverse

    member = UserFactory()
    client.force_login(member)

    html = client.get(reverse("mentor:home") + f"?context=coaching:{member.pk}").content.decode()
    coaching = client.get(reverse("coaching:home")).content.decode()

    assert "Asking about the coaching" in html
    assert f"?context=coaching:{member.pk}" in coaching
