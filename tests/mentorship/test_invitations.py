"""OTEI attendees who asked for mentorship after the event are invited once, after it ends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.mailer.models import OutboxEmail
from apps.mentorship import services
from apps.mentorship.models import EventInvitation
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def _ended_event(days_ago: int = 2):
    end = timezone.now() - timedelta(days=days_ago)
    return EventFactory(starts_at=end - timedelta(days=1), ends_at=end)


def test_attendees_who_ticked_mentorship_are_invited_after_the_event_once():
    event = _ended_event()
    asked = RegistrationFactory(event=event, status="confirmed", post_event_mentorship=True)
    RegistrationFactory(event=event, status="confirmed", post_event_mentorship=False)
    RegistrationFactory(event=event, status="cancelled", post_event_mentorship=True)

    assert services.invitations_send_due() == 1
    assert services.invitations_send_due() == 0

    [email] = OutboxEmail.objects.filter(key__startswith="mentorship-event-invite:")
    assert email.recipient_list == [asked.email]
    assert event.name in email.subject
    assert "/mentors/" in email.text_body


def test_nobody_is_invited_before_the_event_ends():
    RegistrationFactory(event=EventFactory(), status="confirmed", post_event_mentorship=True)

    assert services.invitations_send_due() == 0


def test_events_that_ended_long_ago_are_not_invited(settings):
    settings.MENTORSHIP_INVITE_WINDOW_DAYS = 30
    RegistrationFactory(event=_ended_event(days_ago=60), status="confirmed", post_event_mentorship=True)

    assert services.invitations_send_due() == 0


def test_a_retried_invitation_sends_nothing_more():
    registration = RegistrationFactory(event=_ended_event(), status="confirmed", post_event_mentorship=True)

    assert services.invitation_send(registration_pk=registration.pk) is True
    assert services.invitation_send(registration_pk=registration.pk) is False

    assert EventInvitation.objects.count() == 1
    assert OutboxEmail.objects.filter(key=f"mentorship-event-invite:{registration.pk}").count() == 1
