"""Missions, the work learners hand in for them, and mentors' reviews."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.programs.models.programs import Cohort, Program


class _PrivateStorage(Storage):
    """storages["private"], looked up on every use (a changed STORAGES setting still applies)."""

    def __getattribute__(self, name: str):
        return getattr(storages["private"], name)


def _private_storage() -> Storage:
    return _PrivateStorage()


class Mission(models.Model):
    """A piece of real work. Set on a program (every cohort does it) or on one cohort.

    `rubric` is a list of criteria, each {"name", "description", "levels": [{"label",
    "points"}, …]}. Once the mission is published the rubric is frozen: every review of it is
    scored against the same criteria (the services refuse a change)."""

    class Deliverable(models.TextChoices):
        LINK = "link", "A link"
        FILE = "file", "A file (PDF or Word)"
        TEXT = "text", "Text"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="missions")
    cohort = models.ForeignKey(
        Cohort, null=True, blank=True, on_delete=models.CASCADE, related_name="missions"
    )
    title = models.CharField(max_length=150)
    brief = models.TextField(help_text="Markdown.")
    due_at = models.DateTimeField()
    deliverable = models.CharField(max_length=4, choices=Deliverable.choices, default=Deliverable.LINK)
    rubric = models.JSONField(default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["program", "due_at"], name="programs_mission_due_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def max_points(self) -> int:
        return sum(max((level["points"] for level in c["levels"]), default=0) for c in self.rubric)


class MissionSubmission(models.Model):
    """One iteration of a learner's work on a mission. A resubmission is a new row with the
    next number; earlier iterations and their reviews stay."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for a mentor"
        CHANGES = "changes", "Changes requested"
        APPROVED = "approved", "Approved"

    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, related_name="submissions")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="submissions")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mission_submissions"
    )
    iteration = models.PositiveIntegerField()
    link = models.URLField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    file = models.FileField(
        storage=_private_storage, upload_to="programs/missions/", max_length=200, blank=True
    )
    file_kind = models.CharField(max_length=4, blank=True)
    file_name = models.CharField(max_length=120, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    # The review queue: a mentor's waiting submissions, oldest `queued_at` first. It is set
    # when the submission enters a queue and never changes afterwards, so nobody in the queue
    # is ever moved back.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="review_queue",
    )
    queued_at = models.DateTimeField(default=timezone.now)
    escalated_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "member", "iteration"], name="programs_submission_iteration"
            ),
            models.UniqueConstraint(
                fields=["mission", "member"],
                condition=Q(status="waiting"),
                name="programs_submission_one_waiting",
            ),
        ]
        indexes = [
            models.Index(fields=["mentor", "status", "queued_at"], name="programs_queue_idx"),
            models.Index(fields=["member", "mission", "-iteration"], name="programs_sub_member_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mission_id} by {self.member_id} #{self.iteration}"


class SubmissionRelease(models.Model):
    """A mentor gave the head of their queue back to the program pool, with a reason (a
    conflict of interest, a skill they lack, time away). The submission goes to another
    mentor and keeps its hand-in time; the mentors who released it never get it back."""

    submission = models.ForeignKey(MissionSubmission, on_delete=models.CASCADE, related_name="releases")
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=500)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id} released by {self.mentor_id}"


class Review(models.Model):
    class Verdict(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES = "changes", "Changes requested"

    submission = models.OneToOneField(MissionSubmission, on_delete=models.CASCADE, related_name="review")
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    # One level index per rubric criterion, in the rubric's order.
    scores = models.JSONField(default=list)
    points = models.PositiveIntegerField(default=0)
    comment = models.TextField(help_text="Markdown.")
    verdict = models.CharField(max_length=8, choices=Verdict.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["mentor", "-created_at"], name="programs_review_mentor_idx")]

    def __str__(self) -> str:
        return f"{self.verdict} on {self.submission_id}"
