"""The events pages the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from apps.core.benchmark.targets import Target, form_post
from apps.events.models import Event, Registration


def busiest_event() -> Event | None:
    """The event with the most registrations (the large seed gives one 20,000), whose form
    is open: the newest event is not necessarily it."""
    row = Registration.objects.values("event_id").annotate(n=Count("pk")).order_by("-n").first()
    event = Event.objects.filter(pk=row["event_id"]).first() if row else None
    return event or Event.objects.order_by("-pk").first()


def targets(*, member) -> list[Target]:
    event = busiest_event()
    if event is None:
        return []
    form_url = reverse("events:registration-create", args=[event.slug])
    found = [Target("event page", event.get_absolute_url()), Target("attendee form", form_url)]
    registration = form_post("registration POST", form_url)
    if registration is not None:
        found.append(registration)
    return found
