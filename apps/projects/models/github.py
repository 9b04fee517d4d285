"""What GitHub tells a project: webhook deliveries, commits and pull requests."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class WebhookDelivery(models.Model):
    """One signed delivery from GitHub. The unique delivery id makes a redelivery (or a replay
    of a captured request) a no-op; the payload waits here for the huey task and is emptied
    once processed."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="deliveries")
    delivery_id = models.CharField(max_length=100)
    event = models.CharField(max_length=50)
    payload = models.JSONField(default=dict, blank=True)
    received = models.DateTimeField(default=timezone.now, editable=False)
    processed = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-received", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "delivery_id"], name="projects_delivery_once")
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.delivery_id}"


class Commit(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="commits")
    repository = models.CharField(max_length=140)
    sha = models.CharField(max_length=40)
    message = models.TextField(max_length=5_000)
    branch = models.CharField(max_length=200, blank=True)
    author_name = models.CharField(max_length=200, blank=True)
    author_email = models.CharField(max_length=254, blank=True)
    author_login = models.CharField(max_length=39, blank=True)
    # The site member the author was matched to by GitHub login or email.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    url = models.URLField(max_length=500, blank=True)
    committed = models.DateTimeField(null=True, blank=True)
    tasks = models.ManyToManyField("projects.Task", blank=True, related_name="commits")
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-committed", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "repository", "sha"], name="projects_commit_once")
        ]

    def __str__(self) -> str:
        return self.sha[:7]

    @property
    def short_sha(self) -> str:
        return self.sha[:7]

    @property
    def headline(self) -> str:
        return self.message.splitlines()[0] if self.message else ""


class PullRequest(models.Model):
    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"
        MERGED = "merged", "Merged"

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="pull_requests")
    repository = models.CharField(max_length=140)
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    url = models.URLField(max_length=500, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    author_login = models.CharField(max_length=39, blank=True)
    tasks = models.ManyToManyField("projects.Task", blank=True, related_name="pull_requests")
    updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-updated", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "repository", "number"], name="projects_pull_once")
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"
