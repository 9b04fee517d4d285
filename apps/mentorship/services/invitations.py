"""OTEI attendees who ticked "I would like mentorship after the event" are invited to find a
mentor once the event is over: one email per registration, ever."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.events.models import Registration
from apps.mailer.services import email_enqueue
from apps.mentorship.models import EventInvitation
from apps.mentorship.services.mentorships import absolute_url

# The attendees who came, or could have: not a cancelled, rejected or unconfirmed form.
INVITED_STATUSES = ("confirmed", "approved", "waitlisted")


def invitations_due(*, now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    window = now - timedelta(days=settings.MENTORSHIP_INVITE_WINDOW_DAYS)
    invited = EventInvitation.objects.values("registration_id")
    return list(
        Registration.objects.filter(
            post_event_mentorship=True,
            anonymised=False,
            status__in=INVITED_STATUSES,
            event__ends_at__lte=now,
            event__ends_at__gte=window,
        )
        .exclude(pk__in=invited)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )


def invitation_send(*, registration_pk: int) -> bool:
    """The marker row and the outbox row are written together; the marker's unique key (and
    the outbox's) makes a retry or a second worker send nothing more."""
    with transaction.atomic():
        registration = Registration.objects.select_related("event").get(pk=registration_pk)
        try:
            with transaction.atomic():
                EventInvitation.objects.create(
                    registration_id=registration.pk, event_id=registration.event_id
                )
        except IntegrityError:
            return False
        email_enqueue(
            to=registration.email,
            template="mentorship/notice",
            context={
                "subject": f"Find a mentor after {registration.event.name}",
                "name": registration.first_name,
                "lines": [
                    f"At {registration.event.name} you asked for mentorship after the event. "
                    "Mentors from the DiceyTech community are ready: tell us your goal, and we "
                    "suggest the mentors who fit it best, with the reasons.",
                    "Sign in or create an account with this email address to send a request.",
                ],
                "url": absolute_url(reverse("mentorship:mentor-list")),
                "label": "Find a mentor",
            },
            key=f"mentorship-event-invite:{registration.pk}",
            related=registration,
        )
    return True


def invitations_send_due(*, now: datetime | None = None) -> int:
    return sum(invitation_send(registration_pk=pk) for pk in invitations_due(now=now))
