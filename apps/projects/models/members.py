"""Who works on a project: members with a role, and the invitations and requests to join."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ProjectMember(models.Model):
    """A member of a project. What each role may do is `apps.projects.access.PERMISSIONS`."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        LEAD = "lead", "Lead"
        DEVELOPER = "developer", "Developer"
        REVIEWER = "reviewer", "Reviewer"

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.DEVELOPER)
    joined = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["joined", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "member"], name="projects_member_once"),
            # One owner at most: a transfer demotes the old owner in the same transaction.
            models.UniqueConstraint(fields=["project"], condition=Q(role="owner"), name="projects_one_owner"),
        ]
        indexes = [models.Index(fields=["member", "project"], name="projects_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} is {self.role} of {self.project_id}"


class JoinRequest(models.Model):
    """An invitation (a lead asks a member; the invitee decides) or a request to join (a member
    asks; a lead decides). At most one open request per member and project."""

    class Direction(models.TextChoices):
        INVITE = "invite", "Invitation"
        ASK = "ask", "Request to join"

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        CANCELLED = "cancelled", "Cancelled"

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="join_requests")
    # The member who would join.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_join_requests"
    )
    direction = models.CharField(max_length=10, choices=Direction.choices)
    role = models.CharField(
        max_length=20, choices=ProjectMember.Role.choices, default=ProjectMember.Role.DEVELOPER
    )
    message = models.CharField(max_length=500, blank=True)
    # Who invited (for an invitation) — null once their account is erased.
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    created = models.DateTimeField(default=timezone.now, editable=False)
    decided = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "member"], condition=Q(state="pending"), name="projects_one_open_request"
            )
        ]
        indexes = [models.Index(fields=["member", "state"], name="projects_request_member_idx")]

    def __str__(self) -> str:
        return f"{self.direction} {self.member_id} → {self.project_id} ({self.state})"
