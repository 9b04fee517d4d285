"""Members of a project: invitations (the invitee decides), requests to join (a lead decides),
leaving, removing, roles and handing ownership over."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.notifications.services import notify
from apps.projects.models import JoinRequest, Project, ProjectMember

Role = ProjectMember.Role
MAX_OPEN_INVITATIONS = 50


def _lock(project: Project) -> Project:
    """Lock the project row: member counts against capacity and ownership changes serialise."""
    return Project.objects.select_for_update().get(pk=project.pk)


def _check_room(project: Project) -> None:
    if project.capacity and ProjectMember.objects.filter(project=project).count() >= project.capacity:
        raise ValidationError(f"This project is full ({project.capacity} members).", code="full")


def _member_by_handle(handle: str):
    member = (
        get_user_model().objects.filter(handle__iexact=handle.strip().lstrip("@"), is_active=True).first()
    )
    if member is None:
        raise ValidationError("No member has that handle.", code="unknown")
    return member


def _members_url(project: Project) -> str:
    from django.urls import reverse

    return reverse("projects:members", args=[project.pk])


@transaction.atomic
def member_invite(*, project: Project, handle: str, role: str, actor) -> JoinRequest:
    """Invite the member with `handle` in `role`; they accept or decline it."""
    project = _lock(project)
    member = _member_by_handle(handle)
    if role not in (Role.LEAD, Role.DEVELOPER, Role.REVIEWER):
        raise ValidationError("Choose lead, developer or reviewer.", code="role")
    if ProjectMember.objects.filter(project=project, member=member).exists():
        raise ValidationError(f"@{member.handle} is already on this project.", code="duplicate")
    open_requests = JoinRequest.objects.filter(project=project, state=JoinRequest.State.PENDING)
    if open_requests.filter(member=member).exists():
        raise ValidationError(
            f"@{member.handle} already has an open invitation or request.", code="duplicate"
        )
    if open_requests.count() >= MAX_OPEN_INVITATIONS:
        raise ValidationError("Too many open invitations; wait for some answers first.", code="too_many")
    _check_room(project)
    try:
        with transaction.atomic():
            invitation = JoinRequest.objects.create(
                project=project,
                member=member,
                direction=JoinRequest.Direction.INVITE,
                role=role,
                invited_by=actor,
            )
    except IntegrityError as exc:  # invited twice at once
        raise ValidationError(f"@{member.handle} already has an open invitation.", code="duplicate") from exc
    from django.urls import reverse

    notify(
        recipient=member, kind="project", verb=f"invited you to join as {Role(role).label.lower()}",
        actor=actor, target=project, url=reverse("projects:invitations"),
    )  # fmt: skip
    return invitation


def _open(*, pk: int, **filters) -> JoinRequest:
    request = (
        JoinRequest.objects.select_for_update(of=("self",))
        .select_related("project", "member")
        .filter(pk=pk, state=JoinRequest.State.PENDING, **filters)
        .first()
    )
    if request is None:
        raise ValidationError("That invitation or request is no longer open.", code="closed")
    return request


def _decide(request: JoinRequest, *, accept: bool, by) -> ProjectMember | None:
    request.state = JoinRequest.State.ACCEPTED if accept else JoinRequest.State.DECLINED
    request.decided_by = by
    request.decided = timezone.now()
    request.save(update_fields=["state", "decided_by", "decided"])
    if not accept:
        return None
    project = _lock(request.project)
    _check_room(project)
    membership, _ = ProjectMember.objects.get_or_create(
        project=project, member=request.member, defaults={"role": request.role}
    )
    return membership


@transaction.atomic
def invitation_decide(*, pk: int, member, accept: bool) -> ProjectMember | None:
    """The invitee accepts (and joins) or declines. Only the invitee can."""
    invitation = _open(pk=pk, member=member, direction=JoinRequest.Direction.INVITE)
    membership = _decide(invitation, accept=accept, by=member)
    if invitation.invited_by is not None:
        verb = "accepted your invitation" if accept else "declined your invitation"
        notify(
            recipient=invitation.invited_by, kind="project", verb=verb, actor=member,
            target=invitation.project, url=_members_url(invitation.project),
        )  # fmt: skip
    return membership


@transaction.atomic
def join_ask(*, project: Project, member, message: str = "") -> JoinRequest:
    """A member asks to join a project that is looking for contributors."""
    project = _lock(project)
    if not project.looking_for_contributors or project.status != Project.Status.ACTIVE:
        raise ValidationError("This project is not looking for contributors.", code="closed")
    if ProjectMember.objects.filter(project=project, member=member).exists():
        raise ValidationError("You are already on this project.", code="duplicate")
    _check_room(project)
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(
                project=project, member=member, direction=JoinRequest.Direction.ASK,
                role=Role.DEVELOPER, message=message.strip()[:500],
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError(
            "You already have an open invitation or request here.", code="duplicate"
        ) from exc
    leads = ProjectMember.objects.filter(project=project, role__in=(Role.OWNER, Role.LEAD)).select_related(
        "member"
    )
    for lead in leads:
        notify(
            recipient=lead.member, kind="project", verb="asked to join", actor=member, target=project,
            url=_members_url(project),
        )  # fmt: skip
    return request


@transaction.atomic
def join_request_decide(*, project: Project, pk: int, accept: bool, actor) -> ProjectMember | None:
    """A lead accepts or declines a request to join their project."""
    request = _open(pk=pk, project=project, direction=JoinRequest.Direction.ASK)
    membership = _decide(request, accept=accept, by=actor)
    verb = "accepted your request to join" if accept else "declined your request to join"
    notify(
        recipient=request.member,
        kind="project",
        verb=verb,
        actor=actor,
        target=project,
        url=project.get_absolute_url(),
    )
    return membership


@transaction.atomic
def join_request_cancel(*, project: Project, pk: int, actor) -> None:
    """A lead withdraws an invitation, or a member withdraws their own request."""
    request = (
        JoinRequest.objects.select_for_update()
        .filter(pk=pk, project=project, state=JoinRequest.State.PENDING)
        .first()
    )
    if request is None:
        return
    request.state = JoinRequest.State.CANCELLED
    request.decided_by = actor
    request.decided = timezone.now()
    request.save(update_fields=["state", "decided_by", "decided"])


@transaction.atomic
def member_leave(*, project: Project, member) -> None:
    membership = ProjectMember.objects.filter(project=project, member=member).first()
    if membership is None:
        return
    if membership.role == Role.OWNER:
        raise ValidationError("Hand the project to another member before you leave.", code="owner")
    membership.delete()
    _unassign(project=project, member_id=member.pk)


def _unassign(*, project: Project, member_id: int) -> None:
    from apps.projects.models import Task

    Task.assignees.through.objects.filter(task__project=project, user_id=member_id).delete()
    Task.watchers.through.objects.filter(task__project=project, user_id=member_id).delete()


@transaction.atomic
def member_remove(*, project: Project, member_id: int, actor) -> None:
    membership = ProjectMember.objects.filter(project=project, member_id=member_id).first()
    if membership is None:
        return
    if membership.role == Role.OWNER:
        raise ValidationError("The owner cannot be removed.", code="owner")
    membership.delete()
    _unassign(project=project, member_id=member_id)


@transaction.atomic
def member_role_set(*, project: Project, member_id: int, role: str) -> ProjectMember:
    if role not in (Role.LEAD, Role.DEVELOPER, Role.REVIEWER):
        raise ValidationError(
            "Choose lead, developer or reviewer; ownership is handed over instead.", code="role"
        )
    membership = (
        ProjectMember.objects.select_for_update().filter(project=project, member_id=member_id).first()
    )
    if membership is None:
        raise ValidationError("That member is not on this project.", code="unknown")
    if membership.role == Role.OWNER:
        raise ValidationError("Hand ownership over to change the owner's role.", code="owner")
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def ownership_transfer(*, project: Project, to_member_id: int, actor) -> ProjectMember:
    """The owner hands the project to another member, and stays on as a lead."""
    project = _lock(project)
    target = (
        ProjectMember.objects.select_related("member").filter(project=project, member_id=to_member_id).first()
    )
    if target is None:
        raise ValidationError("Only a member of the project can become its owner.", code="unknown")
    if target.role == Role.OWNER:
        return target
    ProjectMember.objects.filter(project=project, role=Role.OWNER).update(role=Role.LEAD)
    target.role = Role.OWNER
    target.save(update_fields=["role"])
    notify(
        recipient=target.member, kind="project", verb="made you the owner of", actor=actor, target=project,
        url=project.get_absolute_url(),
    )  # fmt: skip
    return target
