"""An iCalendar (RFC 5545) file for "Add to calendar": one event per phase of a hackathon."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings

from apps.hackathons.models import Hackathon


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > 74:
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


# A deadline is a moment, but RFC 5545 wants DTEND after DTSTART: it shows as the hour
# leading up to it, marked free so it blocks no one's calendar.
DEADLINE_BLOCK = timedelta(hours=1)


def hackathon_ics(hackathon: Hackathon, *, url: str) -> str:
    host = settings.SITE_URL.split("//")[-1].split("/")[0] or "diceytech"
    now = _stamp(datetime.now(tz=UTC))
    closes = hackathon.registration_deadline
    events = [
        ("hacking", hackathon.title, hackathon.starts_at, hackathon.submission_deadline, "OPAQUE"),
        (
            "registration",
            f"Registration closes: {hackathon.title}",
            closes - DEADLINE_BLOCK,
            closes,
            "TRANSPARENT",
        ),
    ]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//DiceyTech//Hackathons//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ]
    for key, summary, start, end, transparency in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:hackathon-{hackathon.pk}-{key}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(start)}",
            f"DTEND:{_stamp(end)}",
            f"TRANSP:{transparency}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape((hackathon.tagline + chr(10) if hackathon.tagline else '') + url)}",
            f"URL:{url}",
            f"LOCATION:{_escape(hackathon.city if hackathon.mode == Hackathon.Mode.IN_PERSON else 'Online')}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
