from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404

from apps.profiles.models import Skill
from apps.projects.models import Project, ProjectLike, ProjectSave

SORTS = {
    "new": ("-created", "-id"),
    "liked": ("-likes_count", "-created", "-id"),
    "featured": ("-is_featured", "-created", "-id"),
}


def project_list(
    *, q: str = "", category: str = "", technology: str = "", sort: str = "new"
) -> QuerySet[Project]:
    """The showcase, filtered and sorted; `technology` is a Skill key."""
    projects = Project.objects.for_cards()
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
    """Projects a member created or collaborated on, newest first (one query)."""
    ids = Project.objects.filter(Q(creator=member) | Q(collaborators=member)).values("pk")
    return list(
        Project.objects.filter(pk__in=ids).select_related("hackathon").order_by("-created", "-id")[:limit]
    )


def project_list_saved(*, member) -> QuerySet[Project]:
    return Project.objects.for_cards().filter(saves__member=member).order_by("-saves__created")


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


def project_is_editor(*, project: Project, user) -> bool:
    if not user.is_authenticated:
        return False
    if project.creator_id == user.pk:
        return True
    return project.collaborators.filter(pk=user.pk).exists()


def project_get_for_view(*, pk: int) -> Project:
    project = Project.objects.select_related("creator", "creator__profile", "hackathon").filter(pk=pk).first()
    if project is None:
        raise Http404("No such project.")
    return project


def project_get_for_edit(*, user, pk: int) -> Project:
    """The project if `user` may edit it (its creator or a collaborator): 404 when it does not
    exist, 403 for everyone else. Every view that changes a project goes through here."""
    project = project_get_for_view(pk=pk)
    if not project_is_editor(project=project, user=user):
        raise PermissionDenied("Only the project's creator and collaborators can change it.")
    return project


def project_get_for_delete(*, user, pk: int) -> Project:
    """The project if `user` created it: collaborators may edit a project, not delete it."""
    project = project_get_for_view(pk=pk)
    if not user.is_authenticated or project.creator_id != user.pk:
        raise PermissionDenied("Only the project's creator can delete it.")
    return project
