from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import QuerySet, Sum
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html_join

from apps.profiles.models import PointsEntry, Profile, Skill, Visibility

# --- Completeness ---------------------------------------------------------------------------

MIN_SKILLS = 2


@dataclass(frozen=True)
class Completeness:
    percent: int
    missing: list[str]
    done: int
    total: int


def profile_completeness(
    *,
    profile: Profile,
    skill_count: int | None = None,
    timeline_count: int | None = None,
) -> Completeness:
    """How complete a profile is, and what is still missing (in the order worth doing)."""
    if skill_count is None:
        skill_count = profile.skills.count() if profile.pk else 0
    if timeline_count is None:
        timeline_count = (profile.experiences.count() + profile.educations.count()) if profile.pk else 0
    user = profile.user
    checks = [
        (bool(profile.avatar), "a profile photo"),
        (bool(user.first_name or user.last_name), "your name"),
        (bool(profile.headline), "a headline"),
        (bool(profile.bio), "a short bio"),
        (bool(profile.location), "your location"),
        (skill_count >= MIN_SKILLS, f"at least {MIN_SKILLS} skills"),
        (timeline_count >= 1, "your experience or education"),
        (
            any(
                (
                    profile.github_url,
                    profile.linkedin_url,
                    profile.portfolio_url,
                    profile.website_url,
                    profile.x_url,
                )
            ),
            "a link (GitHub, LinkedIn, portfolio, website or X)",
        ),
    ]
    done = sum(1 for ok, _ in checks if ok)
    return Completeness(
        percent=round(100 * done / len(checks)),
        missing=[label for ok, label in checks if not ok],
        done=done,
        total=len(checks),
    )


# --- The profile page -----------------------------------------------------------------------


def can_see(*, visibility: str, viewer, owner) -> bool:
    """Whether `viewer` may see a section set to `visibility` on `owner`'s profile."""
    if viewer.is_authenticated and viewer.pk == owner.pk:
        return True
    if visibility == Visibility.PUBLIC:
        return True
    if visibility == Visibility.MEMBERS:
        return viewer.is_authenticated
    return False


@dataclass
class SkillGroup:
    label: str
    skills: list[Skill] = field(default_factory=list)


def profile_get_by_handle(*, handle: str) -> Profile:
    """The member's profile (unsaved and empty if they never edited it), or 404."""
    user = (
        get_user_model()
        .objects.select_related("profile")
        # lower(handle) is what accounts' case-insensitive unique index holds (iexact's
        # UPPER() would scan the table)
        .alias(handle_ci=Lower("handle"))
        .filter(handle_ci=handle.lower(), is_active=True)
        .first()
    )
    if user is None:
        raise Http404("No such member.")
    try:
        return user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)


def skills_grouped(skills: list[Skill]) -> list[SkillGroup]:
    groups: dict[str, SkillGroup] = {}
    labels = dict(Skill.Category.choices)
    for category in Skill.Category.values:
        groups[category] = SkillGroup(label=labels[category])
    for skill in skills:
        groups.setdefault(skill.category, SkillGroup(label=skill.category)).skills.append(skill)
    return [group for group in groups.values() if group.skills]


# --- Activity heatmap -----------------------------------------------------------------------

CELL = 11
GAP = 2
LEVEL_FILLS = [
    # (fill attribute for browsers before the CSS build, utility classes incl. dark mode)
    ("#e2e8f0", "fill-slate-200 dark:fill-slate-800"),
    ("#a7f3d0", "fill-emerald-200 dark:fill-emerald-900"),
    ("#34d399", "fill-emerald-400 dark:fill-emerald-700"),
    ("#059669", "fill-emerald-600 dark:fill-emerald-500"),
    ("#065f46", "fill-emerald-800 dark:fill-emerald-300"),
]


@dataclass(frozen=True)
class HeatCell:
    x: int
    y: int
    day: datetime.date
    count: int
    fill: str
    css: str


def _level(count: int) -> int:
    if count <= 0:
        return 0
    if count == 1:
        return 1
    if count <= 3:
        return 2
    if count <= 6:
        return 3
    return 4


def heatmap_cells(*, counts: dict[datetime.date, int], today: datetime.date) -> list[HeatCell]:
    """53 columns of weeks (Sunday at the top), ending with the week holding `today`."""
    start = today - datetime.timedelta(days=52 * 7 + (today.weekday() + 1) % 7)
    cells = []
    day = start
    while day <= today:
        offset = (day - start).days
        count = counts.get(day, 0)
        fill, css = LEVEL_FILLS[_level(count)]
        cells.append(
            HeatCell(
                x=(offset // 7) * (CELL + GAP),
                y=(offset % 7) * (CELL + GAP),
                day=day,
                count=count,
                fill=fill,
                css=css,
            )
        )
        day += datetime.timedelta(days=1)
    return cells


def heatmap_svg(cells: list[HeatCell]) -> str:
    """The heatmap's <rect>s as markup, built once when the activity is cached: rendering 371
    cells through the template (a date filter and number formatting each) was most of a
    profile view's time."""
    return format_html_join(
        "",
        '<rect x="{}" y="{}" width="11" height="11" rx="2" fill="{}" class="{}"><title>{}: {}</title></rect>',
        ((c.x, c.y, c.fill, c.css, date_format(c.day, "j M Y"), c.count) for c in cells),
    )


def _version_key(member_id: int) -> str:
    return f"profiles:activity-version:{member_id}"


def member_activity_invalidate(*, member_id: int) -> None:
    """Make the next profile view recompute the member's cached activity (called after
    points, badges, projects and hackathon changes commit)."""
    cache.set(_version_key(member_id), uuid.uuid4().hex, None)


def member_activity_version(*, member_id: int) -> str:
    """Part of the cache key of the member's activity on their profile page: it changes with
    every `member_activity_invalidate`."""
    return cache.get(_version_key(member_id)) or "0"


# --- Leaderboard ----------------------------------------------------------------------------


def leaderboard_all_time() -> QuerySet[Profile]:
    return Profile.objects.filter(points_total__gt=0).select_related("user").order_by("-points_total", "pk")


def leaderboard_month(*, now: datetime.datetime | None = None) -> QuerySet:
    """Members by points earned since the first of this month (local time)."""
    local = timezone.localtime(now or timezone.now())
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return (
        PointsEntry.objects.filter(created__gte=start, member__is_active=True)
        .values(
            "member_id",
            "member__handle",
            "member__first_name",
            "member__last_name",
            "member__profile__avatar_small",
        )
        .annotate(total=Sum("amount"))
        .order_by("-total", "member_id")
    )


def with_avatar_urls(rows: list[dict]) -> list[dict]:
    storage = Profile._meta.get_field("avatar_small").storage
    for row in rows:
        name = row.get("member__profile__avatar_small")
        row["avatar_url"] = storage.url(name) if name else ""
    return rows


def skill_search(*, query: str, limit: int = 8) -> list[Skill]:
    from apps.profiles.services import skill_key

    key = skill_key(query)
    if not key:
        return []
    starts = list(Skill.objects.filter(key__startswith=key).order_by("key")[:limit])
    if len(starts) < limit:
        seen = [s.pk for s in starts]
        starts += list(
            Skill.objects.filter(key__contains=key)
            .exclude(pk__in=seen)
            .order_by("key")[: limit - len(starts)]
        )
    return starts
