"""Wall-clock times in members' own zones, across summer-time changes, and streaks that
follow the member's midnight."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from types import SimpleNamespace

import pytest

from apps.mentorship import times


def _slot(weekday: int, at: time, minutes: int = 60):
    return SimpleNamespace(weekday=weekday, start_time=at, minutes=minutes)


def test_london_mentor_keeps_six_pm_across_the_spring_change_and_lagos_sees_it_move():
    # Europe/London goes from GMT to BST on Sunday 28 March 2027; Africa/Lagos stays at UTC+1.
    found = times.slot_occurrences(
        slots=[_slot(1, time(18, 0))],  # Tuesdays at 18:00 London time
        tz_name="Europe/London",
        start=datetime(2027, 3, 20, tzinfo=UTC),
        end=datetime(2027, 4, 4, tzinfo=UTC),
    )

    in_london = [times.local(o.starts_at, "Europe/London").strftime("%d %H:%M") for o in found]
    in_lagos = [times.local(o.starts_at, "Africa/Lagos").strftime("%d %H:%M") for o in found]
    assert in_london == ["23 18:00", "30 18:00"]
    assert [o.starts_at.hour for o in found] == [18, 17]  # UTC
    assert in_lagos == ["23 19:00", "30 18:00"]


def test_lagos_mentor_is_seen_an_hour_later_in_london_after_the_autumn_change():
    # London leaves summer time on Sunday 31 October 2027.
    found = times.slot_occurrences(
        slots=[_slot(0, time(9, 0))],  # Mondays at 09:00 in Lagos
        tz_name="Africa/Lagos",
        start=datetime(2027, 10, 24, tzinfo=UTC),
        end=datetime(2027, 11, 2, tzinfo=UTC),
    )

    assert [times.local(o.starts_at, "Europe/London").strftime("%d %H:%M") for o in found] == [
        "25 09:00",
        "01 08:00",
    ]


def test_a_slot_in_the_hour_the_clocks_skip_does_not_happen_that_week():
    found = times.slot_occurrences(
        slots=[_slot(6, time(1, 30))],  # Sundays 01:30 London: 28 March 2027 has no 01:30
        tz_name="Europe/London",
        start=datetime(2027, 3, 20, tzinfo=UTC),
        end=datetime(2027, 4, 5, tzinfo=UTC),
    )

    assert [o.starts_at.date() for o in found] == [date(2027, 3, 21), date(2027, 4, 4)]


def test_a_slot_in_the_repeated_hour_happens_once_at_the_first_of_the_two():
    found = times.slot_occurrences(
        slots=[_slot(6, time(1, 30))],
        tz_name="Europe/London",
        start=datetime(2027, 10, 30, tzinfo=UTC),
        end=datetime(2027, 11, 1, tzinfo=UTC),
    )

    assert [o.starts_at for o in found] == [datetime(2027, 10, 31, 0, 30, tzinfo=UTC)]  # 01:30 BST


def test_posted_moments_must_carry_their_offset():
    assert times.parse_moment("2027-01-05T17:00:00+00:00") == datetime(2027, 1, 5, 17, tzinfo=UTC)
    assert times.parse_moment("2027-01-05T17:00:00") is None
    assert times.parse_moment("next tuesday") is None
    assert times.parse_moment("") is None


def test_today_is_the_members_date_not_the_servers():
    late_in_utc = datetime(2027, 1, 5, 23, 30, tzinfo=UTC)

    assert times.today_for("Africa/Lagos", now=late_in_utc) == date(2027, 1, 6)
    assert times.today_for("America/New_York", now=late_in_utc) == date(2027, 1, 5)


def test_a_daily_streak_holds_until_the_day_is_over():
    days = {date(2027, 1, 3), date(2027, 1, 4), date(2027, 1, 5)}

    assert times.daily_streak(days, date(2027, 1, 5)) == 3
    assert times.daily_streak(days, date(2027, 1, 6)) == 3  # today not done yet: still alive
    assert times.daily_streak(days, date(2027, 1, 7)) == 0  # a whole day missed


def test_a_weekly_streak_counts_weeks_by_their_monday():
    weeks = {date(2026, 12, 21), date(2026, 12, 28), date(2027, 1, 4)}

    assert times.weekly_streak(weeks, date(2027, 1, 6)) == 3
    assert times.weekly_streak(weeks, date(2027, 1, 12)) == 3
    assert times.weekly_streak(weeks, date(2027, 1, 19)) == 0
    assert times.week_start(date(2027, 1, 10)) == date(2027, 1, 4)


@pytest.mark.django_db
def test_a_member_zone_is_their_own_choice_then_their_mentor_profile_then_the_site_default(settings):
    from apps.mentorship.models import TimeZonePreference
    from apps.mentorship.selectors import member_time_zone
    from tests.accounts.factories import UserFactory
    from tests.mentorship.factories import make_mentor

    settings.MENTORSHIP_DEFAULT_TIME_ZONE = "Africa/Lagos"
    assert member_time_zone(UserFactory()) == "Africa/Lagos"
    mentor = make_mentor(time_zone="Europe/London")
    TimeZonePreference.objects.filter(user=mentor.user).delete()  # saving the profile chose one
    assert member_time_zone(type(mentor.user).objects.get(pk=mentor.user.pk)) == "Europe/London"
    TimeZonePreference.objects.create(user=mentor.user, time_zone="America/New_York")
    assert member_time_zone(type(mentor.user).objects.get(pk=mentor.user.pk)) == "America/New_York"
