"""The hackathon calendar file parsed by a real iCalendar (RFC 5545) library."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import icalendar
import pytest
from django.urls import reverse

from tests.hackathons.factories import HackathonFactory

pytestmark = pytest.mark.django_db


def _events(client, hackathon) -> list:
    response = client.get(reverse("hackathons:calendar", kwargs={"slug": hackathon.slug}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    return calendar.walk("VEVENT")


def test_every_calendar_event_ends_after_it_starts(client):
    hackathon = HackathonFactory(title="Lagos, Build; Ship", tagline="Line one\nLine two")
    events = _events(client, hackathon)
    assert len(events) == 2
    for event in events:
        for name in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            assert name in event, f"{event.get('SUMMARY')} lacks {name}"
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if isinstance(start, datetime):
            assert start.tzinfo is not None and end > start, event["SUMMARY"]
        else:
            assert isinstance(start, date) and end == start + timedelta(days=1), event["SUMMARY"]
    assert len({str(event["UID"]) for event in events}) == 2


def test_registration_deadline_event_ends_at_the_deadline(client):
    hackathon = HackathonFactory(title="Deadline hack")
    [closes] = [e for e in _events(client, hackathon) if str(e["SUMMARY"]).startswith("Registration closes")]
    assert closes.decoded("DTEND") == hackathon.registration_deadline.replace(microsecond=0)
    assert closes.decoded("DTSTART") < closes.decoded("DTEND")
    assert str(closes["TRANSP"]) == "TRANSPARENT"


def test_calendar_text_survives_commas_semicolons_and_newlines(client):
    hackathon = HackathonFactory(title="Lagos, Build; Ship", tagline="Line one\nLine two")
    [hacking] = [e for e in _events(client, hackathon) if str(e["SUMMARY"]) == "Lagos, Build; Ship"]
    assert str(hacking["DESCRIPTION"]).startswith("Line one\nLine two\n")
