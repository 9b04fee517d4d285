"""Time zones and calendars: a mentor's weekly slots as real moments, a moment in the viewer's
zone, a member's "today" and week, and habit streaks.

Every moment is stored in UTC; wall-clock times (a slot's "18:00 on Tuesdays", a check-in's
day) belong to one member's zone and are turned into moments here, with zoneinfo, so a
change to or from summer time moves the moment and keeps the wall-clock time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or settings.MENTORSHIP_DEFAULT_TIME_ZONE)
    except (ValueError, KeyError):
        return ZoneInfo(settings.MENTORSHIP_DEFAULT_TIME_ZONE)


def wall_clock_moment(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """The moment `at` o'clock on `day` in `tz`, or None when the clocks skip that time (the
    hour lost when summer time starts). A time that happens twice (the hour repeated when it
    ends) is the first one."""
    local = datetime.combine(day, at, tzinfo=tz)
    back = local.astimezone(UTC).astimezone(tz)
    if back.replace(tzinfo=None) != local.replace(tzinfo=None):
        return None
    return local.astimezone(UTC)


@dataclass(frozen=True)
class Occurrence:
    starts_at: datetime  # UTC
    ends_at: datetime

    @property
    def value(self) -> str:
        """What a booking form posts: the start in UTC, ISO 8601."""
        return self.starts_at.astimezone(UTC).isoformat()


def slot_occurrences(*, slots: Iterable, tz_name: str, start: datetime, end: datetime) -> list[Occurrence]:
    """Every moment in [start, end) at which one of the mentor's weekly `slots` (weekday,
    start_time, minutes, in the mentor's zone `tz_name`) begins, earliest first."""
    tz = zone(tz_name)
    slots = list(slots)
    found: list[Occurrence] = []
    day = start.astimezone(tz).date() - timedelta(days=1)
    last = end.astimezone(tz).date() + timedelta(days=1)
    while day <= last:
        for slot in slots:
            if slot.weekday != day.weekday():
                continue
            moment = wall_clock_moment(day, slot.start_time, tz)
            if moment is not None and start <= moment < end:
                found.append(Occurrence(moment, moment + timedelta(minutes=slot.minutes)))
        day += timedelta(days=1)
    return sorted(found, key=lambda o: o.starts_at)


def parse_moment(value: str) -> datetime | None:
    """A posted ISO 8601 moment with its offset, or None when it is not one."""
    try:
        moment = datetime.fromisoformat((value or "").strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def local(moment: datetime, tz_name: str) -> datetime:
    return moment.astimezone(zone(tz_name))


def today_for(tz_name: str, *, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(zone(tz_name)).date()


def week_start(day: date) -> date:
    """The Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def daily_streak(days: set[date], today: date) -> int:
    """Consecutive days with a check-in, ending today, or yesterday when today has none yet
    (the day is not over, so the streak is not broken)."""
    current = today if today in days else today - timedelta(days=1)
    streak = 0
    while current in days:
        streak += 1
        current -= timedelta(days=1)
    return streak


def weekly_streak(weeks: set[date], today: date) -> int:
    """Consecutive weeks (by their Monday) with a check-in, ending this week or last week."""
    this_week = week_start(today)
    current = this_week if this_week in weeks else this_week - timedelta(days=7)
    streak = 0
    while current in weeks:
        streak += 1
        current -= timedelta(days=7)
    return streak


def period_for(cadence: str, today: date) -> date:
    """The day a check-in made `today` is stored under: the day itself, or its week's Monday."""
    return week_start(today) if cadence == "weekly" else today


def in_daytime(moment: datetime, tz_name: str) -> bool:
    """Whether `moment` falls in the waking day (08:00 to 21:00) in `tz_name`."""
    hour = local(moment, tz_name).time()
    return time(8) <= hour < time(21)
