"""Reads for the task board, the task list and a task page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from apps.projects.models import Commit, Label, Project, ProjectMember, PullRequest, Task, TaskActivity

PRIORITY_ORDER = {p: n for n, p in enumerate(Task.Priority.values)}


@dataclass
class Column:
    status: str
    label: str
    tasks: list[Task] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return f"column-{self.status}"


@dataclass(frozen=True)
class TaskFilters:
    assignee: str = ""  # a member handle
    label: str = ""  # a label name
    priority: str = ""

    @property
    def active(self) -> bool:
        return bool(self.assignee or self.label or self.priority)


def task_list(*, project: Project, filters: TaskFilters = TaskFilters()) -> QuerySet[Task]:
    """The project's tasks matching `filters`, in board order (column, then position)."""
    tasks = Task.objects.filter(project=project).for_board()
    if filters.assignee:
        tasks = tasks.filter(assignees__handle__iexact=filters.assignee)
    if filters.label:
        tasks = tasks.filter(labels__name__iexact=filters.label)
    if filters.priority:
        tasks = tasks.filter(priority=filters.priority)
    return tasks.order_by("status", "position", "number")


def board_columns(*, project: Project, filters: TaskFilters = TaskFilters()) -> list[Column]:
    """Four columns, each with its tasks in order (three queries whatever the count)."""
    columns = {status: Column(status, label) for status, label in Task.Status.choices}
    for task in task_list(project=project, filters=filters):
        task.project = project  # the key reads the prefix: no query per card
        columns[task.status].tasks.append(task)
    return list(columns.values())


def board_column(*, project: Project, status: str) -> Column:
    """One column, for re-rendering it alone (after a move, or from a live update)."""
    column = Column(status, Task.Status(status).label)
    column.tasks = list(
        Task.objects.filter(project=project, status=status).for_board().order_by("position", "number")
    )
    return column


def board_filter_options(*, project: Project) -> dict[str, list]:
    return {
        "members": [
            m.member
            for m in ProjectMember.objects.filter(project=project)
            .select_related("member")
            .order_by("member__handle")
        ],
        "labels": list(Label.objects.filter(project=project).order_by("name")),
        "priorities": Task.Priority.choices,
    }


def task_get(*, project: Project, number: int) -> Task:
    task = Task.objects.for_board().filter(project=project, number=number).first()
    if task is None:
        raise Http404("No such task.")
    task.project = project
    return task


def task_detail(*, task: Task) -> dict:
    """What a task page shows beyond the card: history, commits, pull requests, watchers."""
    return {
        "activity": list(TaskActivity.objects.filter(task=task).select_related("actor")[:50]),
        "commits": list(
            Commit.objects.filter(tasks=task).select_related("author").order_by("-committed", "-pk")[:50]
        ),
        "pulls": list(PullRequest.objects.filter(tasks=task).order_by("-updated")[:20]),
        "watchers": list(task.watchers.all()),
    }


def project_members(*, project: Project) -> list[ProjectMember]:
    return list(
        ProjectMember.objects.filter(project=project)
        .select_related("member", "member__profile")
        .order_by("joined", "pk")
    )


def commits_recent(*, project: Project, limit: int = 20) -> list[Commit]:
    return list(
        Commit.objects.filter(project=project)
        .select_related("author")
        .prefetch_related(Prefetch("tasks", queryset=Task.objects.only("pk", "number", "project_id")))
        .order_by("-committed", "-pk")[:limit]
    )
