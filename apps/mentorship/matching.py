"""How mentors are ranked for a member who asks for one.

    score = 0.4 * track + 0.3 * skills + 0.2 * time zone + 0.1 * spare capacity

- track: 1 when the mentor mentors the track the member asked for, else 0;
- skills: the share of the skills the member wants that the mentor has (0 when none asked);
- time zone: the share of the mentor's weekly slots that start between 08:00 and 21:00 in the
  member's zone, measured over the coming week (0 for a mentor with no slots yet);
- spare capacity: free places ÷ capacity.

Each part comes with the sentence shown to the member, so the order explains itself. Ties go
to the mentor with more free places, then to the longer-standing mentor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from apps.mentorship import times

WEIGHTS = {"track": 0.4, "skills": 0.3, "time_zone": 0.2, "capacity": 0.1}


@dataclass(frozen=True)
class Ask:
    """What the member is looking for."""

    track: str = ""
    skills: tuple[str, ...] = ()  # skill keys (lower case)
    time_zone: str = ""
    goal: str = ""


@dataclass
class Suggestion:
    mentor: object
    score: float
    parts: dict[str, float]
    reasons: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _names(mentor) -> dict[str, str]:
    return {tag["key"]: tag["name"] for tag in mentor.skill_tags}


def score(mentor, ask: Ask, *, slots=None, now: datetime | None = None, track_names=None) -> Suggestion:
    """The suggestion for one mentor (with `slots`, their weekly availability, already read)."""
    now = now or timezone.now()
    reasons: list[str] = []
    track_names = track_names or {}

    track = 1.0 if ask.track and ask.track in mentor.tracks else 0.0
    if track:
        reasons.append(f"Mentors the {track_names.get(ask.track, ask.track)} track")

    wanted = [s for s in dict.fromkeys(ask.skills) if s]
    have = _names(mentor)
    matched = [have[s] for s in wanted if s in have]
    skills = len(matched) / len(wanted) if wanted else 0.0
    if matched:
        reasons.append(f"Knows {', '.join(matched)} ({len(matched)} of {len(wanted)} skills you want)")

    slots = list(mentor.slots.all() if slots is None else slots)
    week = times.slot_occurrences(
        slots=slots, tz_name=mentor.time_zone, start=now, end=now + timedelta(days=7)
    )
    if week:
        daytime = sum(1 for o in week if times.in_daytime(o.starts_at, ask.time_zone))
        tz_part = daytime / len(week)
        reasons.append(f"{daytime} of {len(week)} weekly times fall in your daytime (08:00 to 21:00)")
    else:
        tz_part = 0.0
        reasons.append("Has not set any times yet")

    capacity_part = mentor.spare / mentor.capacity if mentor.capacity else 0.0
    reasons.append(f"{mentor.spare} of {mentor.capacity} places free")

    parts = {"track": track, "skills": skills, "time_zone": tz_part, "capacity": capacity_part}
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    return Suggestion(mentor=mentor, score=round(total, 4), parts=parts, reasons=reasons)


def rank(mentors, ask: Ask, *, now: datetime | None = None, track_names=None) -> list[Suggestion]:
    suggestions = [score(m, ask, now=now, track_names=track_names) for m in mentors]
    return sorted(suggestions, key=lambda s: (-s.score, -s.mentor.spare, s.mentor.pk))
