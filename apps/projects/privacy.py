"""What the showcase holds about a member, for data export and account deletion."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from apps.projects.models import Project, ProjectLike, ProjectSave


def export_member_data(user) -> dict:
    return {
        "created": [
            {"id": p.pk, "title": p.title, "created": p.created.isoformat()}
            for p in Project.objects.filter(creator=user).order_by("created")
        ],
        "collaborating_on": list(Project.objects.filter(collaborators=user).values_list("pk", flat=True)),
        "liked": list(
            ProjectLike.objects.filter(member=user, active=True).values_list("project_id", flat=True)
        ),
        "saved": list(ProjectSave.objects.filter(member=user).values_list("project_id", flat=True)),
    }


@transaction.atomic
def erase_member_data(user) -> None:
    """Likes and saves go (like counts drop with them), collaborations end, and the member's
    projects stay in the showcase credited to "deleted member"."""
    liked = list(ProjectLike.objects.filter(member=user, active=True).values_list("project_id", flat=True))
    Project.objects.filter(pk__in=liked, likes_count__gt=0).update(likes_count=F("likes_count") - 1)
    ProjectLike.objects.filter(member=user).delete()
    ProjectSave.objects.filter(member=user).delete()
    Project.collaborators.through.objects.filter(user=user).delete()
    Project.objects.filter(creator=user).update(creator=None)
