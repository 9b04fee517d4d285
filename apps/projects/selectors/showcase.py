from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum

from apps.profiles.models import Skill
from apps.projects.models import Project, ProjectLike, ProjectMember, ProjectSave

SORTS = {
    "new": ("-created", "-id"),
    "liked": ("-likes_count", "-created", "-id"),
    "featured": ("-is_featured", "-created", "-id"),
}


def project_list(
    *, q: str = "", category: str = "", technology: str = "", sort: str = "new"
) -> QuerySet[Project]:
    """The showcase, filtered and sorted; `technology` is a Skill key. Private projects are
    never listed."""
    projects = Project.objects.listed().for_cards()
    if category:
        projects = projects.filter(category=category)
    if technology:
        projects = projects.filter(technologies__key=technology)
    if q:
        projects = projects.filter(
            Q(title__icontains=q) | Q(summary__icontains=q) | Q(description__icontains=q)
        )
    return projects.order_by(*SORTS.get(sort, SORTS["new"]))


TECHNOLOGY_OPTIONS_KEY = "projects:technology-options"
TECHNOLOGY_OPTIONS_TTL = 600


def project_technology_options() -> list[dict[str, str]]:
    """The technologies at least one project uses (the filter's choices), as {key, name}.
    Cached: a DISTINCT over every project's technologies on each list view is wasted work.
    The project services drop the cache when technologies change; deletions and bulk loads
    show within TECHNOLOGY_OPTIONS_TTL (a stale option just lists no projects)."""
    options = cache.get(TECHNOLOGY_OPTIONS_KEY)
    if options is None:
        options = list(
            Skill.objects.filter(projects__isnull=False).distinct().order_by("name").values("key", "name")
        )
        cache.set(TECHNOLOGY_OPTIONS_KEY, options, TECHNOLOGY_OPTIONS_TTL)
    return options


def project_technology_options_invalidate() -> None:
    cache.delete(TECHNOLOGY_OPTIONS_KEY)


def project_list_for_member(*, member, limit: int = 12) -> list[Project]:
    """Projects a member created or works on, newest first (one query), for their public
    profile: private projects are left out for every viewer."""
    # A UNION of two index lookups: an OR across the join read both tables whole (2 ms at
    # 2,000 projects, growing with them).
    ids = (
        Project.objects.filter(creator=member)
        .values("pk")
        .union(ProjectMember.objects.filter(member=member).values("project_id"))
    )
    return list(
        Project.objects.listed()
        .filter(pk__in=ids)
        .select_related("hackathon")
        .order_by("-created", "-id")[:limit]
    )


def project_list_mine(*, member) -> QuerySet[Project]:
    """Every project the member is on, private ones included, with their role (`my_role`)."""
    role = ProjectMember.objects.filter(project=OuterRef("pk"), member=member).values("role")[:1]
    return (
        Project.objects.filter(memberships__member=member)
        .annotate(my_role=Subquery(role))
        .for_cards()
        .order_by("-created", "-id")
    )


def project_list_open(*, skill: str = "", kind: str = "") -> QuerySet[Project]:
    """Active projects looking for contributors (never private ones), newest first;
    `wanted` holds the skills they need."""
    projects = (
        Project.objects.listed()
        .filter(looking_for_contributors=True, status=Project.Status.ACTIVE)
        .for_cards()
        .prefetch_related("wanted_skills")
        .annotate(member_count=Count("memberships", distinct=True))
    )
    if skill:
        projects = projects.filter(wanted_skills__key=skill)
    if kind:
        projects = projects.filter(project_type=kind)
    return projects.order_by("-created", "-id")


def project_list_saved(*, member) -> QuerySet[Project]:
    """Saved projects, less the private ones the member is not (or no longer) on."""
    visible = Q(visibility__in=[Project.Visibility.PUBLIC, Project.Visibility.MEMBERS]) | Q(
        memberships__member=member
    )
    ids = Project.objects.filter(visible, saves__member=member).values("pk")
    return Project.objects.for_cards().filter(pk__in=ids, saves__member=member).order_by("-saves__created")


@dataclass(frozen=True)
class MemberProjectStats:
    created: int
    liked: int
    likes_received: int


def project_stats_for_member(*, member) -> MemberProjectStats:
    created = Project.objects.filter(creator=member).aggregate(n=Count("pk"), likes=Sum("likes_count"))
    liked = ProjectLike.objects.filter(member=member, active=True).count()
    return MemberProjectStats(created=created["n"], liked=liked, likes_received=created["likes"] or 0)


@dataclass(frozen=True)
class ViewerState:
    liked: bool = False
    saved: bool = False


def project_viewer_state(*, project: Project, viewer) -> ViewerState:
    if not viewer.is_authenticated:
        return ViewerState()
    return ViewerState(
        liked=ProjectLike.objects.filter(project=project, member=viewer, active=True).exists(),
        saved=ProjectSave.objects.filter(project=project, member=viewer).exists(),
    )
