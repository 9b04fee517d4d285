"""The worker's periodic tasks: reminders every five minutes, event invitations hourly."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.mentorship.models import Session
from apps.mentorship.tasks import mentorship_event_invitations, mentorship_reminders
from tests.events.factories import EventFactory, RegistrationFactory
from tests.mentorship.factories import make_mentorship

pytestmark = pytest.mark.django_db


def test_the_reminder_task_sends_what_is_due_once():
    mentorship = make_mentorship()
    now = timezone.now()
    Session.objects.create(
        mentorship=mentorship, mentor=mentorship.mentor, mentee=mentorship.mentee,
        starts_at=now + timedelta(minutes=40), ends_at=now + timedelta(minutes=100), created_at=now - timedelta(days=2),
    )  # fmt: skip

    assert mentorship_reminders.call_local() == 1
    assert mentorship_reminders.call_local() == 0


def test_the_invitation_task_invites_attendees_of_ended_events_once():
    end = timezone.now() - timedelta(days=1)
    event = EventFactory(starts_at=end - timedelta(days=1), ends_at=end)
    RegistrationFactory(event=event, status="confirmed", post_event_mentorship=True)

    assert mentorship_event_invitations.call_local() == 1
    assert mentorship_event_invitations.call_local() == 0
