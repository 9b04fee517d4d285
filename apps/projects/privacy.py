"""What the projects app holds about a member, for data export and account deletion."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from apps.projects.models import (
    Commit,
    JoinRequest,
    Project,
    ProjectLike,
    ProjectMember,
    ProjectSave,
    Task,
    TaskActivity,
)


def export_member_data(user) -> dict:
    return {
        "created": [
            {"id": p.pk, "title": p.title, "created": p.created.isoformat()}
            for p in Project.objects.filter(creator=user).order_by("created")
        ],
        "memberships": [
            {"project": project_id, "role": role, "joined": joined.isoformat()}
            for project_id, role, joined in ProjectMember.objects.filter(member=user)
            .order_by("joined")
            .values_list("project_id", "role", "joined")
        ],
        "collaborating_on": list(
            ProjectMember.objects.filter(member=user)
            .exclude(role=ProjectMember.Role.OWNER)
            .order_by("project_id")
            .values_list("project_id", flat=True)
        ),
        "invitations_and_requests": [
            {
                "project": r.project_id,
                "kind": r.direction,
                "role": r.role,
                "message": r.message,
                "state": r.state,
                "created": r.created.isoformat(),
            }
            for r in JoinRequest.objects.filter(member=user).order_by("created")
        ],
        "tasks_created": [
            {"project": t.project_id, "number": t.number, "title": t.title, "created": t.created.isoformat()}
            for t in Task.objects.filter(created_by=user).order_by("created")
        ],
        "tasks_assigned": list(
            Task.objects.filter(assignees=user).order_by("pk").values_list("project_id", "number")
        ),
        "tasks_watched": list(
            Task.objects.filter(watchers=user).order_by("pk").values_list("project_id", "number")
        ),
        "task_activity": [
            {"task": a.task_id, "verb": a.verb, "detail": a.detail, "created": a.created.isoformat()}
            for a in TaskActivity.objects.filter(actor=user).order_by("created")
        ],
        "commits": [
            {"project": c.project_id, "sha": c.sha, "message": c.message, "author_email": c.author_email}
            for c in Commit.objects.filter(author=user).order_by("pk")
        ],
        "liked": list(
            ProjectLike.objects.filter(member=user, active=True).values_list("project_id", flat=True)
        ),
        "saved": list(ProjectSave.objects.filter(member=user).values_list("project_id", flat=True)),
    }


@transaction.atomic
def erase_member_data(user) -> None:
    """Likes and saves go (like counts drop with them), memberships, invitations, requests,
    assignments and watches end; tasks, history entries and commits stay on their projects
    credited to "deleted member" (commits lose the author's name and email). The member's
    projects stay in the showcase credited to "deleted member"; an owned project passes to
    its longest-standing lead or member, if it has one."""
    liked = list(ProjectLike.objects.filter(member=user, active=True).values_list("project_id", flat=True))
    Project.objects.filter(pk__in=liked, likes_count__gt=0).update(likes_count=F("likes_count") - 1)
    ProjectLike.objects.filter(member=user).delete()
    ProjectSave.objects.filter(member=user).delete()
    owned = list(
        ProjectMember.objects.filter(member=user, role=ProjectMember.Role.OWNER).values_list(
            "project_id", flat=True
        )
    )
    ProjectMember.objects.filter(member=user).delete()
    rank = {ProjectMember.Role.LEAD: 0, ProjectMember.Role.DEVELOPER: 1, ProjectMember.Role.REVIEWER: 2}
    for project_id in owned:
        candidates = sorted(
            ProjectMember.objects.filter(project_id=project_id),
            key=lambda m: (rank.get(m.role, 9), m.joined, m.pk),
        )
        heir = candidates[0] if candidates else None
        if heir is not None:
            heir.role = ProjectMember.Role.OWNER
            heir.save(update_fields=["role"])
    JoinRequest.objects.filter(member=user).delete()
    JoinRequest.objects.filter(invited_by=user).update(invited_by=None)
    JoinRequest.objects.filter(decided_by=user).update(decided_by=None)
    Task.assignees.through.objects.filter(user=user).delete()
    Task.watchers.through.objects.filter(user=user).delete()
    Task.objects.filter(created_by=user).update(created_by=None)
    TaskActivity.objects.filter(actor=user).update(actor=None)
    Commit.objects.filter(author=user).update(author=None, author_name="", author_email="", author_login="")
    Project.objects.filter(creator=user).update(creator=None)
