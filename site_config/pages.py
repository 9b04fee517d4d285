"""What the pages that combine several apps show: the home page and a member's profile page.

Apps do not import each other (see tests/core/test_app_imports.py), so a page built from
several of them is put together here, at the project level, from each app's own selectors.
Their views are in site_config/views.py.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter

from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.db.models import CharField, Count, F, IntegerField, Q, Value
from django.db.models.functions import TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from apps.careers.charts import category_chart, track_chart
from apps.careers.scoring import CATEGORIES, CONFIDENCE_WORDS, FLAG_WORDS, RETAKE_ADVICE
from apps.careers.selectors import members_on_track, result_shared_for_member, retake_status
from apps.careers.tracks import TRACKS, track_keywords
from apps.community.selectors import member_relation, post_list_trending
from apps.core.links import row_url
from apps.core.pagecache import cache_value, cached
from apps.events.selectors import event_list_upcoming
from apps.hackathons.models import Hackathon
from apps.hackathons.selectors import hackathon_history_for_member, hackathon_list_featured
from apps.jobs.models import Job
from apps.jobs.selectors import job_list_latest
from apps.learning.selectors import member_certificates
from apps.profiles.models import Badge, BadgeAward, PointsEntry, Profile
from apps.profiles.selectors import (
    CELL,
    GAP,
    LEVEL_FILLS,
    can_see,
    heatmap_cells,
    heatmap_svg,
    member_activity_version,
    skills_grouped,
)
from apps.projects.models import Project
from apps.projects.selectors import project_list_for_member

# --- Home -----------------------------------------------------------------------------------

# What the home page is built from: a change in any of these renews it.
HOME_LABELS = ("events.event", "hackathons", "jobs", "community", "accounts.user")
# The home page shows the same sections to everyone. Building them takes six queries, so they
# are shared through the cache (members' home pages are not cached whole).
HOME_SECTIONS_KEY = "home:sections:v2"
HOME_SECTIONS_SECONDS = 60


@cache_value(*HOME_LABELS, key=HOME_SECTIONS_KEY, seconds=HOME_SECTIONS_SECONDS)
def home_sections() -> dict[str, list]:
    return {
        "events": event_list_upcoming(limit=1),
        "hackathons": hackathon_list_featured(limit=3),
        "jobs": job_list_latest(limit=3),
        "posts": post_list_trending(limit=4),
    }


# --- Profile page ---------------------------------------------------------------------------

# What /u/<handle>/ is built from: a change in any of these renews it.
PROFILE_LABELS = ("profiles", "accounts.user", "projects", "community", "hackathons", "careers.result")
ACTIVITY_SECONDS = 3600


def profile_page_data(*, profile: Profile, viewer) -> dict:
    """Everything /u/<handle>/ shows, with hidden sections never loaded at all."""
    owner = profile.user
    saved = profile.pk is not None
    skills = list(profile.skills.all()) if saved else []
    show_links = can_see(visibility=profile.links_visibility, viewer=viewer, owner=owner)
    show_experience = can_see(visibility=profile.experience_visibility, viewer=viewer, owner=owner)
    show_education = can_see(visibility=profile.education_visibility, viewer=viewer, owner=owner)
    experiences = list(profile.experiences.all()) if saved and show_experience else []
    educations = list(profile.educations.all()) if saved and show_education else []
    projects = project_list_for_member(member=owner, limit=12)
    activity = member_activity(member=owner)
    follows, mutes = member_relation(viewer=viewer, member=owner)
    return {
        "profile": profile,
        "member": owner,
        "skill_groups": skills_grouped(skills),
        "show_links": show_links,
        "show_experience": show_experience,
        "show_education": show_education,
        "experiences": experiences,
        "educations": educations,
        "projects": projects,
        "activity": activity,
        "certificates": member_certificates(user=owner),
        # The career track the member chose to show (results are private otherwise).
        "career": result_shared_for_member(user=owner),
        "is_owner": viewer.is_authenticated and viewer.pk == owner.pk,
        "can_follow": viewer.is_authenticated and viewer.pk != owner.pk,
        "follows": follows,
        "mutes": mutes,
    }


def member_activity(*, member) -> dict:
    """The slow-changing parts of a profile, cached: the heatmap of the last year (points
    events and projects per day), hackathon history and wins, and badges. Renewed when the
    profiles app bumps the member's activity version (points, badges, projects and hackathon
    changes all pass through it)."""
    today = timezone.localdate()
    version = member_activity_version(member_id=member.pk)
    key = f"profiles:activity:v2:{member.pk}:{version}:{today.isoformat()}"
    data = cache.get(key)
    if data is None:
        data = _member_activity(member=member, today=today)
        cache.set(key, data, ACTIVITY_SECONDS)
    return data


def _activity_rows(*, member, since: datetime.date) -> list[tuple[str, datetime.date, str, int]]:
    """The ledger per day and reason, the member's projects per day since `since`, and their
    badges, as one UNION query of (kind, day, key, n) rows."""
    text = CharField()
    ledger = (
        PointsEntry.objects.filter(member=member)
        .annotate(kind=Value("points", output_field=text), day=TruncDate("created"), key=F("reason"))
        .values("kind", "day", "key")
        .annotate(n=Count("pk"))
        .values_list("kind", "day", "key", "n")
        .order_by()
    )
    projects = (
        Project.objects.filter(creator=member, created__date__gte=since)
        .annotate(kind=Value("project", output_field=text), day=TruncDate("created"), key=Value("", output_field=text))
        .values("kind", "day", "key")
        .annotate(n=Count("pk"))
        .values_list("kind", "day", "key", "n")
        .order_by()
    )  # fmt: skip
    badges = (
        BadgeAward.objects.filter(member=member)
        .annotate(
            kind=Value("badge", output_field=text),
            day=TruncDate("earned"),
            key=F("badge"),
            n=Value(1, output_field=IntegerField()),
        )
        .values_list("kind", "day", "key", "n")
        .order_by()
    )
    return list(ledger.union(projects, badges, all=True).order_by())


def _member_activity(*, member, today: datetime.date) -> dict:
    since = today - datetime.timedelta(days=371)
    counts: Counter[datetime.date] = Counter()
    by_reason: Counter[str] = Counter()
    badges = []
    for kind, day, key, n in _activity_rows(member=member, since=since):
        if kind == "badge":
            badges.append((day, key))
            continue
        if kind == "points":
            by_reason[key] += n
        if day and day >= since:
            counts[day] += n
    cells = heatmap_cells(counts=counts, today=today)
    history = hackathon_history_for_member(
        member=member, with_wins=bool(by_reason[PointsEntry.Reason.HACKATHON_WIN])
    )
    labels = dict(Badge.choices)
    return {
        "cells_svg": heatmap_svg(cells),
        "total": sum(cell.count for cell in cells),
        "width": 53 * (CELL + GAP),
        "height": 7 * (CELL + GAP),
        "levels": LEVEL_FILLS,
        "hackathons_joined": max(by_reason[PointsEntry.Reason.HACKATHON_JOIN], len(history)),
        "hackathons_won": by_reason[PointsEntry.Reason.HACKATHON_WIN],
        "hackathons": history,
        "badges": [
            {"label": labels.get(code, code), "code": code, "earned": day} for day, code in sorted(badges)
        ],
    }


# --- Career quiz result -----------------------------------------------------------------------

# Next steps shown per kind on a result page.
NEXT_STEPS = 3


def careers_result_data(*, result, viewer) -> dict:
    """Everything /careers/result/<id>/ shows: the result with its charts, and next steps from
    across the site for its track and the member's skills. The mentor gets the result through
    the `careers_result:<id>` context (apps/careers/mentor.py)."""

    track = result.primary_track
    shown = [track, *([result.secondary_track] if result.secondary_track else [])]
    # The member's goals and skills in one query: a row per skill (one row with no skill).
    rows = list(Profile.objects.filter(user=viewer).values_list("goals", "skills"))
    goals = rows[0][0] if rows else ""
    skill_ids = [skill for _goals, skill in rows if skill is not None]
    return {
        "result": result,
        "goals": goals,
        "track": result.track,
        "secondary": result.secondary,
        "confidence_words": RETAKE_ADVICE if result.flags else CONFIDENCE_WORDS[result.confidence],
        "flag_words": [FLAG_WORDS[flag] for flag in result.flags if flag in FLAG_WORDS],
        "track_chart": track_chart(
            scores=result.track_scores, primary=track, secondary=result.secondary_track
        ),
        "category_chart": category_chart(category_scores=result.category_scores, tracks=shown),
        "track_rows": _track_rows(result),
        "category_rows": [
            (c.name, [_percent(result.category_scores.get(slug, {}).get(c.slug)) for slug in shown])
            for c in CATEGORIES
        ],
        "shown_tracks": [result.track, *([result.secondary] if result.secondary else [])],
        "courses": careers_courses_for_track(track=track, limit=NEXT_STEPS),
        "hackathons": _shared_next_steps("hackathons", careers_hackathons_for, track, skill_ids),
        "jobs": _shared_next_steps("jobs", careers_jobs_for, track, skill_ids),
        "people": members_on_track(track=track, exclude_user=viewer, limit=NEXT_STEPS * 2),
        "retake": retake_status(user=viewer),
    }


# Matching a track's words and a member's skills against every open job and hackathon takes
# 40-50 ms each at 20,000 jobs; members on one track with the same skills share the answer.
NEXT_STEPS_SECONDS = 300


def _shared_next_steps(app: str, find, track: str, skill_ids: list[int]) -> list[dict]:
    skills = sorted(set(skill_ids))
    digest = hashlib.sha256(",".join(map(str, skills)).encode()).hexdigest()[:24]
    key = f"careers:next:{app}:{track}:{digest}"
    return cached(
        app,
        key=key,
        seconds=NEXT_STEPS_SECONDS,
        build=lambda: find(track=track, skill_ids=skills, limit=NEXT_STEPS),
    )


def _percent(value: float | None) -> int | None:
    return None if value is None else round(value * 100)


def _track_rows(result) -> list[tuple]:
    return [
        (t, _percent(result.track_scores.get(t.slug)), _percent(result.choice_scores.get(t.slug)))
        for t in TRACKS
    ]


def _title_matches(field: str, words: tuple[str, ...]) -> Q:
    condition = Q()
    for word in words:
        condition |= Q(**{f"{field}__icontains": word})
    return condition


def careers_courses_for_track(*, track: str, limit: int) -> list[dict]:
    """Published courses tagged with `track` ({"title", "summary", "url"}), or none while the
    learning app (or its course pages) is not there."""
    if not django_apps.is_installed("apps.learning"):
        return []
    try:
        from apps.learning.models import Course

        courses = Course.objects.filter(published=True).only("pk", "slug", "title", "summary", "tracks")
        if connection.vendor == "postgresql":
            found = list(courses.filter(tracks__contains=[track]).order_by("title")[:limit])
        else:  # SQLite has no JSON containment: the catalogue is small, read it
            found = [c for c in courses.order_by("title") if track in (c.tracks or [])][:limit]
    except (ImportError, DatabaseError):
        return []
    steps = []
    for course in found:
        url = _course_url(course)
        if url:
            steps.append({"title": course.title, "summary": course.summary, "url": url})
    return steps


def _course_url(course) -> str:
    if hasattr(course, "get_absolute_url"):
        return course.get_absolute_url()
    for name in ("learning:course-detail", "learning:course"):
        try:
            return reverse(name, args=[course.slug])
        except NoReverseMatch:
            continue
    return ""


def careers_hackathons_for(*, track: str, skill_ids: list[int], limit: int) -> list[dict]:
    """Hackathons still taking registrations that use the member's skills or speak of the
    track, those with most of the member's skills first; the next open ones otherwise."""
    now = timezone.now()
    joinable = Hackathon.objects.filter(registration_opens_at__lte=now, registration_deadline__gt=now)
    matching = Q(technologies__in=skill_ids) if skill_ids else Q(pk__in=[])
    fits = _title_matches("title", track_keywords(track)) | _title_matches("tagline", track_keywords(track))
    ranked = (
        joinable.filter(matching | fits)
        .annotate(shared=Count("technologies", filter=matching, distinct=True))
        .order_by("-shared", "registration_deadline", "pk")
        .only("pk", "slug", "title", "tagline", "registration_deadline")[:limit]
    )
    rows = list(ranked)
    steps = [
        {
            "title": h.title,
            "url": h.get_absolute_url(),
            "why": "Uses skills on your profile." if h.shared else "Fits your track.",
        }
        for h in rows
    ]
    if not steps:
        steps = [
            {"title": h.title, "url": h.get_absolute_url(), "why": "Open for registration now."}
            for h in joinable.order_by("registration_deadline", "pk").only("pk", "slug", "title")[:limit]
        ]
    return steps


def careers_jobs_for(*, track: str, skill_ids: list[int], limit: int) -> list[dict]:
    """Open jobs whose title fits the track, those asking for the member's skills first."""
    matching = Q(skills__in=skill_ids) if skill_ids else Q(pk__in=[])
    rows = (
        Job.objects.open()
        .filter(_title_matches("title", track_keywords(track)))
        .annotate(shared=Count("skills", filter=matching, distinct=True))
        .order_by("-shared", "-published_at", "-pk")
        .only("pk", "title", "company")[:limit]
    )
    return [
        {
            "title": f"{job.title} at {job.company}",
            "url": row_url("jobs:job-detail", job.pk),
            "why": "Asks for skills on your profile." if job.shared else "A role on your track.",
        }
        for job in rows
    ]
