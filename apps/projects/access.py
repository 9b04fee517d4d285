"""Who may do what on a project: one permission table, one access helper.

Every view that shows or changes a project goes through `project_access`:
- a private project is a 404 for everyone but its members (it does not exist for them);
- an action the member's role does not allow is a 403 (PermissionDenied).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.projects.models import Project, ProjectMember

Role = ProjectMember.Role
ALL_ROLES = frozenset(Role.values)
LEADS = frozenset({Role.OWNER, Role.LEAD})
WRITERS = frozenset({Role.OWNER, Role.LEAD, Role.DEVELOPER})

# action -> the roles that may do it. Visitors (no role) may do nothing in this table; what
# they may see is decided by the project's visibility (`_visitor_may`).
PERMISSIONS: dict[str, frozenset[str]] = {
    "view_board": ALL_ROLES,
    "edit_project": LEADS,
    "delete_project": frozenset({Role.OWNER}),
    "transfer_ownership": frozenset({Role.OWNER}),
    "invite": LEADS,
    "decide_requests": LEADS,
    "remove_member": LEADS,
    "change_role": LEADS,
    "manage_github": LEADS,
    "create_task": WRITERS,
    "edit_task": WRITERS,
    "delete_task": LEADS,  # a task's history and commit links go with it
    "move_task": ALL_ROLES,  # reviewers move tasks out of Review
    "watch_task": ALL_ROLES,
    "leave": frozenset({Role.LEAD, Role.DEVELOPER, Role.REVIEWER}),  # the owner transfers first
}
REFUSALS = {
    "delete_task": "Only the project's owner and leads can delete a task.",
    "delete_project": "Only the project's owner can delete it.",
    "transfer_ownership": "Only the project's owner can hand it over.",
    "leave": "The owner hands the project to another member before leaving.",
}


def role_may(role: str | None, action: str) -> bool:
    if action not in PERMISSIONS:
        raise ValueError(f"Unknown project action {action!r}; add it to PERMISSIONS.")
    return role is not None and role in PERMISSIONS[action]


def _visitor_may(project: Project, action: str) -> bool:
    """A visitor (or a member without a role here) may read a public project's board."""
    return action == "view_board" and project.visibility == Project.Visibility.PUBLIC


@dataclass(frozen=True)
class Access:
    project: Project
    membership: ProjectMember | None

    @property
    def role(self) -> str | None:
        return self.membership.role if self.membership else None

    def may(self, action: str) -> bool:
        return role_may(self.role, action) or _visitor_may(self.project, action)

    def actions(self) -> dict[str, bool]:
        """Every action with whether it is allowed: for templates (`access.can.edit_task`)."""
        return {action: self.may(action) for action in PERMISSIONS}

    @property
    def can(self) -> dict[str, bool]:
        return self.actions()


def membership_of(*, project: Project, user) -> ProjectMember | None:
    """The user's membership. A project created without the services (older rows, scripts)
    has no owner row: its creator counts as its owner until someone is."""
    if not getattr(user, "is_authenticated", False):
        return None
    membership = ProjectMember.objects.filter(project=project, member=user).first()
    if (
        membership is None
        and project.creator_id == user.pk
        and not ProjectMember.objects.filter(project=project, role=ProjectMember.Role.OWNER).exists()
    ):
        return ProjectMember(project=project, member=user, role=ProjectMember.Role.OWNER)
    return membership


def project_access(*, user, pk: int, action: str | None = None, for_update: bool = False) -> Access:
    """The project `pk` as `user` may reach it.

    404 when it does not exist or is private and `user` is not a member; PermissionDenied when
    `action` is given and not allowed. `for_update` locks the project row (for services that
    must serialise, e.g. member counts against capacity)."""
    projects = Project.objects.select_related("creator", "creator__profile", "hackathon")
    if for_update:
        projects = projects.select_for_update(of=("self",))
    project = projects.filter(pk=pk).first()
    if project is None:
        raise Http404("No such project.")
    membership = membership_of(project=project, user=user)
    if project.visibility == Project.Visibility.PRIVATE and membership is None:
        raise Http404("No such project.")
    access = Access(project=project, membership=membership)
    if action is not None and not access.may(action):
        raise PermissionDenied(REFUSALS.get(action, "Your role on this project does not allow that."))
    return access


def project_visible(*, project: Project, user) -> bool:
    """Whether `user` may know `project` exists (for lists built elsewhere)."""
    return (
        project.visibility != Project.Visibility.PRIVATE
        or membership_of(project=project, user=user) is not None
    )
