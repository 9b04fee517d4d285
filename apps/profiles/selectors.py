from __future__ import annotations

import datetime
import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import CharField, Count, Exists, F, IntegerField, OuterRef, QuerySet, Sum, Value
from django.db.models.functions import Lower, TruncDate
from django.http import Http404
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html_join

from apps.profiles.models import Badge, BadgeAward, PointsEntry, Profile, Skill, Visibility

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


def profile_page_data(*, profile: Profile, viewer) -> dict:
    """Everything /u/<handle>/ shows, with hidden sections never loaded at all."""
    from apps.community.selectors import member_relation
    from apps.projects.selectors import project_list_for_member

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
        "is_owner": viewer.is_authenticated and viewer.pk == owner.pk,
        "can_follow": viewer.is_authenticated and viewer.pk != owner.pk,
        "follows": follows,
        "mutes": mutes,
    }


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


def member_activity(*, member) -> dict:
    """The slow-changing parts of a profile, cached: the heatmap of the last year (points
    events and projects per day), hackathon history and wins, and badges."""
    today = timezone.localdate()
    version = cache.get(_version_key(member.pk)) or "0"
    key = f"profiles:activity:v2:{member.pk}:{version}:{today.isoformat()}"
    data = cache.get(key)
    if data is None:
        data = _member_activity(member=member, today=today)
        cache.set(key, data, 3600)
    return data


def _activity_rows(*, member, since: datetime.date) -> list[tuple[str, datetime.date, str, int]]:
    """The ledger per day and reason, the member's projects per day since `since`, and their
    badges, as one UNION query of (kind, day, key, n) rows."""
    from apps.projects.models import Project

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
    history = hackathon_history(member=member, with_wins=bool(by_reason[PointsEntry.Reason.HACKATHON_WIN]))
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


def hackathon_history(*, member, with_wins: bool = True, limit: int = 10) -> list[dict]:
    """The hackathons the member joined, newest first, marking the ones they won (one query).
    Reads apps.hackathons' models when that app is installed (nothing otherwise)."""
    try:
        participation = django_apps.get_model("hackathons", "HackathonParticipation")
        submission = django_apps.get_model("hackathons", "Submission")
    except LookupError:
        return []
    joined = participation.objects.filter(user=member).select_related("hackathon").order_by("-joined_at")
    if with_wins:
        winning = PointsEntry.objects.filter(
            member=member, reason=PointsEntry.Reason.HACKATHON_WIN, source_type__model="submission",
            source_type__app_label="hackathons",
            source_id__in=submission.objects.filter(hackathon_id=OuterRef(OuterRef("hackathon_id"))).values("pk"),
        )  # fmt: skip
        joined = joined.annotate(won=Exists(winning))
    return [
        {
            "title": p.hackathon.title,
            "url": p.hackathon.get_absolute_url(),
            "joined": p.joined_at,
            "won": bool(getattr(p, "won", False)),
        }
        for p in joined[:limit]
    ]


# --- Leaderboard ----------------------------------------------------------------------------


def leaderboard_all_time() -> QuerySet[Profile]:
    return Profile.objects.filter(points_total__gt=0).select_related("user").order_by("-points_total", "pk")


def profile_list_top(*, limit: int = 5) -> list[Profile]:
    """For the home page: the members with the most points (one query)."""
    return list(leaderboard_all_time()[:limit])


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
