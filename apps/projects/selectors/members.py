"""Reads about joining: a member's invitations, a project's open requests."""

from __future__ import annotations

from apps.projects.models import JoinRequest, Project


def invitations_for(*, member) -> list[JoinRequest]:
    """Open invitations to `member` (private projects included: they were invited)."""
    return list(
        JoinRequest.objects.filter(
            member=member, direction=JoinRequest.Direction.INVITE, state=JoinRequest.State.PENDING
        )
        .select_related("project", "invited_by")
        .order_by("-created")
    )


def join_requests_open(*, project: Project) -> list[JoinRequest]:
    return list(
        JoinRequest.objects.filter(project=project, state=JoinRequest.State.PENDING)
        .select_related("member", "invited_by")
        .order_by("created")
    )


def my_open_request(*, project: Project, member) -> JoinRequest | None:
    if not getattr(member, "is_authenticated", False):
        return None
    return JoinRequest.objects.filter(project=project, member=member, state=JoinRequest.State.PENDING).first()
