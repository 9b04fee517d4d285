"""What the pages that combine several apps show: the home page and a member's profile page.

Apps do not import each other (see tests/core/test_app_imports.py), so a page built from
several of them is put together here, at the project level, from each app's own selectors.
Their views are in site_config/views.py.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.core.cache import cache
from django.db.models import CharField, Count, F, IntegerField, Value
from django.db.models.functions import TruncDate
from django.utils import timezone

from apps.community.selectors import member_relation, post_list_trending
from apps.core.pagecache import cache_value
from apps.events.selectors import event_list_upcoming
from apps.hackathons.selectors import hackathon_history_for_member, hackathon_list_featured
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
PROFILE_LABELS = ("profiles", "accounts.user", "projects", "community", "hackathons")
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
