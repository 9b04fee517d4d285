"""Reads for mentorship and coaching: a member's time zone, mentor suggestions, the pages'
rows, and the access checks that 404 anyone who is not a party."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils import timezone

from apps.careers.tracks import TRACK_CHOICES
from apps.mentorship import matching, times
from apps.mentorship.models import (
    CheckIn,
    CoachPlan,
    Goal,
    Habit,
    MentorProfile,
    Mentorship,
    Reflection,
    Session,
    TimeZonePreference,
)

MAX_ID = 2_147_483_647


def member_time_zone(user) -> str:
    """The member's own zone: the one they chose, else their mentor profile's, else the
    site's default."""
    if not getattr(user, "is_authenticated", False):
        return settings.MENTORSHIP_DEFAULT_TIME_ZONE
    cached = getattr(user, "_mentorship_tz", None)
    if cached:
        return cached
    # Both candidates in one query, the member's own choice ranked first.
    chosen = (
        TimeZonePreference.objects.filter(user=user).annotate(rank=Value(0)).values_list("time_zone", "rank")
    )
    mentor = MentorProfile.objects.filter(user=user).annotate(rank=Value(1)).values_list("time_zone", "rank")
    zones = [zone for zone, _rank in sorted(chosen.union(mentor, all=True), key=lambda row: row[1]) if zone]
    user._mentorship_tz = zones[0] if zones else settings.MENTORSHIP_DEFAULT_TIME_ZONE
    return user._mentorship_tz


# --- Mentors -------------------------------------------------------------------------------

# What mentees said: the average of the ratings they left after sessions, and how many.
RATING = {"rating_avg": Avg("sessions__rating"), "rating_count": Count("sessions__rating")}


def mentors_open(*, exclude_user=None):
    """Mentors taking requests with a free place."""
    from django.db.models import F

    qs = (
        MentorProfile.objects.filter(accepting=True, mentee_count__lt=F("capacity"), user__is_active=True)
        .select_related("user")
        .prefetch_related("slots")
        .annotate(**RATING)
    )
    if exclude_user is not None and exclude_user.is_authenticated:
        qs = qs.exclude(user=exclude_user)
    return qs


# At most this many mentors are scored in Python for one ask: the best by the part of the score
# SQL can compute (track, skills, spare capacity: 80 % of the weight), read in one query.
SUGGESTION_CANDIDATES = 200


def _tracks_have(track: str) -> Q:
    """Mentors whose `tracks` list holds `track`: JSON containment on PostgreSQL; on SQLite
    (`make run`), which has no containment, a match on the quoted slug in the stored text."""
    if connection.vendor == "postgresql":
        return Q(tracks__contains=[track])
    return Q(tracks_text__contains=json.dumps(track))


def mentor_candidates(*, ask: matching.Ask, viewer=None, limit: int | None = None):
    """The mentors worth scoring for `ask`, narrowed in SQL: open (active, accepting, with a free
    place), not the viewer, not one the viewer already has or has asked (an open request) nor
    one who declined them; when the ask names a track or skills, only mentors sharing the track
    or at least one skill. Ordered by the SQL part of the score and cut at `limit` (by default
    SUGGESTION_CANDIDATES)."""
    limit = limit or SUGGESTION_CANDIDATES
    qs = mentors_open(exclude_user=viewer)
    if viewer is not None and getattr(viewer, "is_authenticated", False):
        taken = Mentorship.objects.filter(
            mentee=viewer, status__in=[*Mentorship.OPEN, Mentorship.Status.DECLINED]
        ).values("mentor_id")
        qs = qs.exclude(pk__in=taken)
    wanted = [key for key in dict.fromkeys(ask.skills) if key]
    through = MentorProfile.skills.through
    skills_matched = (
        through.objects.filter(mentorprofile_id=OuterRef("pk"), skill__key__in=wanted)
        .order_by()
        .values("mentorprofile_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = qs.annotate(
        tracks_text=Cast("tracks", TextField()),
        skills_matched=Coalesce(Subquery(skills_matched, output_field=IntegerField()), 0)
        if wanted
        else Value(0),
    )
    track_match = _tracks_have(ask.track) if ask.track else Q(pk__in=[])
    if ask.track or wanted:
        qs = qs.filter(track_match | Q(skills_matched__gt=0))
    spare = Cast(F("capacity") - F("mentee_count"), FloatField()) / Cast(F("capacity"), FloatField())
    partial = (
        matching.WEIGHTS["track"]
        * Case(When(track_match, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
        + matching.WEIGHTS["skills"] * Cast(F("skills_matched"), FloatField()) / max(len(wanted), 1)
        + matching.WEIGHTS["capacity"] * spare
    )
    return qs.annotate(partial_score=partial).order_by(
        "-partial_score", F("mentee_count") - F("capacity"), "pk"
    )[:limit]


def mentor_suggestions(
    *, ask: matching.Ask, viewer=None, now: datetime | None = None
) -> list[matching.Suggestion]:
    """Suggestions ranked by the full score (matching.py) over the SQL-narrowed candidates:
    two queries (the mentors, their weekly times) however many mentors there are."""
    return matching.rank(
        mentor_candidates(ask=ask, viewer=viewer), ask, now=now, track_names=dict(TRACK_CHOICES)
    )


def mentor_get(*, handle: str) -> MentorProfile:
    mentor = (
        MentorProfile.objects.select_related("user")
        .prefetch_related("slots")
        .annotate(**RATING)
        .filter(user__handle__iexact=handle, user__is_active=True)
        .first()
    )
    if mentor is None:
        raise Http404("No such mentor.")
    return mentor


def mentor_profile_of(user, *, slots: bool = True) -> MentorProfile | None:
    """The member's mentor profile, if any, with its weekly times unless `slots` is False."""
    profiles = MentorProfile.objects.filter(user=user)
    return (profiles.prefetch_related("slots") if slots else profiles).first()


# --- Mentorships and sessions ----------------------------------------------------------------


def mentorship_get_for_party(*, user, pk: int) -> Mentorship:
    """The mentorship when `user` is its mentee or mentor; a 404 for anyone else."""
    if pk > MAX_ID:
        raise Http404
    mentorship = (
        Mentorship.objects.select_related("mentor__user", "mentee")
        .filter(pk=pk)
        .filter(Q(mentee=user) | Q(mentor__user=user))
        .first()
    )
    if mentorship is None:
        raise Http404("No such mentorship.")
    return mentorship


def session_get_for_party(*, user, pk: int) -> Session:
    if pk > MAX_ID:
        raise Http404
    session = (
        Session.objects.select_related("mentor__user", "mentee", "mentorship", "rescheduled_to")
        .filter(pk=pk)
        .filter(Q(mentee=user) | Q(mentor__user=user))
        .first()
    )
    if session is None:
        raise Http404("No such session.")
    return session


def mentorships_as_mentee(*, user):
    return (
        Mentorship.objects.filter(mentee=user).select_related("mentor__user").order_by("-created_at", "-pk")
    )


def mentorships_as_mentor(*, user):
    return (
        Mentorship.objects.filter(mentor__user=user).select_related("mentee").order_by("-created_at", "-pk")
    )


def sessions_upcoming(*, user, now: datetime | None = None):
    now = now or timezone.now()
    return (
        Session.objects.filter(Q(mentee=user) | Q(mentor__user=user))
        .filter(status=Session.Status.BOOKED, ends_at__gt=now)
        .select_related("mentor__user", "mentee")
        .order_by("starts_at")
    )


def sessions_of(*, mentorship: Mentorship):
    return mentorship.sessions.select_related("mentor__user", "mentee").order_by("-starts_at")


def shared_reflections(*, mentorship: Mentorship, limit: int = 4) -> list[Reflection]:
    """The mentee's reflections they chose to share, for their mentor (running mentorships only)."""
    if not mentorship.is_running:
        return []
    return list(Reflection.objects.filter(user=mentorship.mentee_id, shared_with_mentor=True)[:limit])


# --- Coaching --------------------------------------------------------------------------------


@dataclass(frozen=True)
class HabitRow:
    habit: Habit
    streak: int
    done_now: bool  # checked in today (daily) or this week (weekly)
    unit: str


@dataclass(frozen=True)
class WeekBar:
    week_start: date
    check_ins: int
    reflected: bool


def goals_of(*, user):
    return (
        Goal.objects.filter(user=user)
        .prefetch_related("milestones")
        .annotate(done_count=Count("milestones", filter=Q(milestones__done_at__isnull=False)))
        .order_by("status", "target_date", "pk")
    )


def habit_rows(*, user, today: date) -> list[HabitRow]:
    """Each active habit with its streak; check-ins of the last 400 days are read in one query."""
    since = today - timedelta(days=400)
    habits = list(
        Habit.objects.filter(user=user, archived=False).prefetch_related(
            Prefetch("check_ins", queryset=CheckIn.objects.filter(day__gte=since), to_attr="recent")
        )
    )
    rows = []
    for habit in habits:
        days = {c.day for c in habit.recent}
        if habit.cadence == Habit.Cadence.WEEKLY:
            streak = times.weekly_streak(days, today)
            rows.append(
                HabitRow(habit, streak, times.week_start(today) in days, "week" if streak == 1 else "weeks")
            )
        else:
            streak = times.daily_streak(days, today)
            rows.append(HabitRow(habit, streak, today in days, "day" if streak == 1 else "days"))
    return rows


CHART_WEEKS = 12


def weekly_chart(
    *, user, today: date, weeks: int = CHART_WEEKS, reflected: set[date] | None = None
) -> list[WeekBar]:
    """Check-ins per week (weeks start on Monday in the member's zone) for the last `weeks`
    weeks, oldest first, and whether a reflection was written that week (`reflected`, the
    weeks of the member's reflections when the caller has read them already)."""
    first = times.week_start(today) - timedelta(days=7 * (weeks - 1))
    counts: dict[date, int] = {}
    for day in CheckIn.objects.filter(habit__user=user, day__gte=first).values_list("day", flat=True):
        week = times.week_start(day)
        counts[week] = counts.get(week, 0) + 1
    if reflected is None:
        reflected = set(
            Reflection.objects.filter(user=user, week_start__gte=first).values_list("week_start", flat=True)
        )
    return [
        WeekBar(week, counts.get(week, 0), week in reflected)
        for week in (first + timedelta(days=7 * i) for i in range(weeks))
    ]


def reflections_of(*, user, limit: int = 6) -> list[Reflection]:
    return list(Reflection.objects.filter(user=user)[:limit])


def plans_of(*, user, limit: int = 3) -> list[CoachPlan]:
    return list(CoachPlan.objects.filter(user=user).exclude(status=CoachPlan.Status.DISCARDED)[:limit])


def owned(model, *, user, pk: int):
    """A coaching row of `user`'s own (goal, habit, plan); a 404 for anyone else's."""
    if pk > MAX_ID:
        raise Http404
    field = "goal__user" if model.__name__ == "Milestone" else "user"
    obj = model.objects.filter(pk=pk, **{field: user}).first()
    if obj is None:
        raise Http404
    return obj
