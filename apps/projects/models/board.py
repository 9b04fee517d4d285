"""The task board: tasks with a per-project key (DT-12), labels and their activity."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from apps.core.links import row_url


class Label(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="labels")
    name = models.CharField(max_length=30)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint("project", Lower("name"), name="projects_label_once")]

    def __str__(self) -> str:
        return self.name


class TaskQuerySet(models.QuerySet):
    def for_board(self) -> TaskQuerySet:
        """Everything a task card shows, in a fixed number of queries."""
        return self.select_related("project").prefetch_related("labels", "assignees")


class Task(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", "To do"
        IN_PROGRESS = "in_progress", "In progress"
        REVIEW = "review", "Review"
        DONE = "done", "Done"

    class Priority(models.TextChoices):
        URGENT = "urgent", "Urgent"
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveIntegerField(editable=False)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=20_000, blank=True, help_text="Markdown works here.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.TODO)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    labels = models.ManyToManyField(Label, blank=True, related_name="tasks")
    assignees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="assigned_tasks")
    watchers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="watched_tasks")
    due_on = models.DateField("Due", null=True, blank=True)
    # Order inside its column, 0 at the top; task_move renumbers a column in one UPDATE batch.
    position = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="projects_task_number_once")
        ]
        indexes = [models.Index(fields=["project", "status", "position"], name="projects_task_column_idx")]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    def get_absolute_url(self) -> str:
        # Task pages nest under the project's task list (`<pk>/tasks/<number>/`): one cached
        # reverse per project, not one per card.
        return f"{row_url('projects:tasks', self.project_id)}{self.number}/"

    @property
    def edit_url(self) -> str:
        return f"{self.get_absolute_url()}edit/"

    @property
    def move_url(self) -> str:
        return f"{self.get_absolute_url()}move/"

    @property
    def previous_status(self) -> str | None:
        statuses = self.Status.values
        at = statuses.index(self.status)
        return statuses[at - 1] if at > 0 else None

    @property
    def next_status(self) -> str | None:
        statuses = self.Status.values
        at = statuses.index(self.status)
        return statuses[at + 1] if at + 1 < len(statuses) else None

    @property
    def key(self) -> str:
        return f"{self.project.task_prefix}-{self.number}"


class TaskActivity(models.Model):
    """One change to a task, for its history: who did what, when."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    verb = models.CharField(max_length=30)
    detail = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["task", "-created"], name="projects_activity_task_idx")]

    def __str__(self) -> str:
        return f"{self.task_id} {self.verb}"
