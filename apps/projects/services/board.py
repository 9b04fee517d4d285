"""The task board: creating, editing and moving tasks. Every change writes a TaskActivity row
and tells the task's assignees and watchers through notify()."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse

from apps.core.live import publish
from apps.core.membership import membership_set
from apps.notifications.services import notify
from apps.projects.live import board_channel
from apps.projects.models import Label, Project, ProjectMember, Task, TaskActivity

MAX_LABELS = 10
MAX_ASSIGNEES = 10
MAX_LABEL_LENGTH = 30
EDITED_FIELDS = ("title", "description", "priority", "due_on")


def activity_record(
    *, task: Task, actor, verb: str, detail: str = "", notify_people: bool = True
) -> TaskActivity:
    """Write one history entry and tell the assignees and watchers (never the actor)."""
    entry = TaskActivity.objects.create(task=task, actor=actor, verb=verb, detail=detail[:300])
    if notify_people:
        people = {m.pk: m for m in task.assignees.all()} | {m.pk: m for m in task.watchers.all()}
        sentence = f"{verb} {task.key}" + (f": {detail}" if detail else "")
        for person in people.values():
            notify(recipient=person, kind="project", verb=sentence[:200], actor=actor, target=task,
                   url=task.get_absolute_url())  # fmt: skip
    return entry


def _label_names(names: Iterable[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        name = " ".join(name.split())[:MAX_LABEL_LENGTH]
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    if len(seen) > MAX_LABELS:
        raise ValidationError(f"A task can have at most {MAX_LABELS} labels.", code="too_many")
    return list(seen.values())


def _labels_for(project: Project, names: list[str]) -> list[Label]:
    existing = {label.name.casefold(): label for label in Label.objects.filter(project=project)}
    labels = []
    for name in names:
        label = existing.get(name.casefold())
        if label is None:
            label, _ = Label.objects.get_or_create(
                project=project, name__iexact=name, defaults={"name": name}
            )
        labels.append(label)
    return labels


def _members(project: Project, member_ids: Iterable[int]) -> list:
    ids = list(dict.fromkeys(int(pk) for pk in member_ids))
    if len(ids) > MAX_ASSIGNEES:
        raise ValidationError(f"A task can have at most {MAX_ASSIGNEES} assignees.", code="too_many")
    rows = ProjectMember.objects.filter(project=project, member_id__in=ids).select_related("member")
    members = [row.member for row in rows]
    if len(members) != len(ids):
        raise ValidationError("Only members of the project can be assigned.", code="not_member")
    return members


def _next_number(project: Project) -> int:
    """Take the project's next task number under a row lock: concurrent creates wait for each
    other, and the unique (project, number) constraint backs it up."""
    locked = (
        Project.objects.select_for_update().filter(pk=project.pk).values_list("next_task_number", flat=True)
    )
    number = locked.get()
    Project.objects.filter(pk=project.pk).update(next_task_number=F("next_task_number") + 1)
    return number


@transaction.atomic
def task_create(
    *,
    project: Project,
    actor,
    title: str,
    description: str = "",
    status: str = Task.Status.TODO,
    priority: str = Task.Priority.MEDIUM,
    due_on=None,
    labels: Iterable[str] = (),
    assignee_ids: Iterable[int] = (),
) -> Task:
    names = _label_names(labels)
    assignees = _members(project, assignee_ids)
    number = _next_number(project)
    task = Task(
        project=project, number=number, title=title.strip(), description=description, status=status,
        priority=priority, due_on=due_on, created_by=actor, position=0,
    )  # fmt: skip
    task.full_clean(exclude=["labels", "assignees", "watchers"])
    # New tasks go to the bottom of their column.
    last = (
        Task.objects.filter(project=project, status=status)
        .order_by("-position")
        .values_list("position", flat=True)
        .first()
    )
    task.position = 0 if last is None else last + 1
    task.save()
    task.labels.set(_labels_for(project, names))
    task.assignees.set(assignees)
    if actor is not None:
        task.watchers.add(actor)
    activity_record(task=task, actor=actor, verb="created", detail=task.title, notify_people=False)
    for person in assignees:
        notify(recipient=person, kind="project", verb=f"assigned you {task.key}", actor=actor, target=task,
               url=task.get_absolute_url())  # fmt: skip
    publish(board_channel(project.pk), "task", str(task.number))
    return task


def _describe(value: Any) -> str:
    if value is None or value == "":
        return "none"
    return str(value)


@transaction.atomic
def task_update(
    *,
    task: Task,
    actor,
    data: dict[str, Any],
    labels: Iterable[str] | None = None,
    assignee_ids: Iterable[int] | None = None,
) -> Task:
    """Change what is in `data` (title, description, priority, due_on, status); labels and
    assignees when given. One activity entry per changed thing."""
    task = Task.objects.select_for_update().select_related("project").get(pk=task.pk)
    changes: list[tuple[str, str]] = []
    for name in EDITED_FIELDS:
        if name in data and getattr(task, name) != data[name]:
            old = getattr(task, name)
            setattr(task, name, data[name])
            if name == "description":
                changes.append(("edited the description of", ""))
            elif name == "priority":
                changes.append(
                    ("changed the priority of", f"{Task.Priority(old).label} → {task.get_priority_display()}")
                )
            else:
                changes.append(
                    (
                        f"changed the {name.replace('_on', '').replace('_', ' ')} of",
                        f"{_describe(old)} → {_describe(data[name])}",
                    )
                )
    task.full_clean(exclude=["labels", "assignees", "watchers"])
    task.save()
    for verb, detail in changes:
        activity_record(task=task, actor=actor, verb=verb, detail=detail)
    if labels is not None:
        new = _labels_for(task.project, _label_names(labels))
        old_names = sorted(label.name for label in task.labels.all())
        if sorted(label.name for label in new) != old_names:
            task.labels.set(new)
            activity_record(task=task, actor=actor, verb="changed the labels of",
                            detail=", ".join(label.name for label in new) or "none")  # fmt: skip
    if assignee_ids is not None:
        new_members = _members(task.project, assignee_ids)
        old_ids = set(task.assignees.values_list("pk", flat=True))
        new_ids = {m.pk for m in new_members}
        if new_ids != old_ids:
            task.assignees.set(new_members)
            activity_record(task=task, actor=actor, verb="changed the assignees of",
                            detail=", ".join(f"@{m.handle}" for m in new_members) or "none")  # fmt: skip
            for person in new_members:
                if person.pk not in old_ids:
                    notify(recipient=person, kind="project", verb=f"assigned you {task.key}", actor=actor,
                           target=task, url=task.get_absolute_url())  # fmt: skip
    if "status" in data and data["status"] != task.status:
        task_move(task=task, actor=actor, status=data["status"])
        task.refresh_from_db()
    publish(board_channel(task.project_id), "task", str(task.number))
    return task


@transaction.atomic
def task_move(
    *,
    task: Task,
    actor,
    status: str,
    index: int | None = None,
    before: int | None = None,
    after: int | None = None,
    via: str = "",
) -> Task:
    """Put `task` in column `status` at `index` (0 = top; None = bottom of a new column, or
    where it is within the same column), or right before/after the task numbered `before` /
    `after` when it is in that column; the column is renumbered. Moves on one project are
    serialised by a lock on the project row."""
    if status not in Task.Status.values:
        raise ValidationError("Choose a column: to do, in progress, review or done.", code="status")
    Project.objects.select_for_update().filter(pk=task.project_id).values_list("pk", flat=True).get()
    task = Task.objects.select_related("project").get(pk=task.pk)
    old_status, old_ids = task.status, None
    column = list(
        Task.objects.filter(project_id=task.project_id, status=status)
        .exclude(pk=task.pk)
        .order_by("position", "number")
    )
    if old_status == status:
        old_ids = [
            t.pk
            for t in Task.objects.filter(project_id=task.project_id, status=status).order_by(
                "position", "number"
            )
        ]
    numbers = [row.number for row in column]
    if before in numbers:
        index = numbers.index(before)
    elif after in numbers:
        index = numbers.index(after) + 1
    if index is None:
        index = old_ids.index(task.pk) if old_ids is not None else len(column)
    index = max(0, min(int(index), len(column)))
    column.insert(index, task)
    task.status = status
    changed = []
    for position, row in enumerate(column):
        if row.position != position or row is task:
            row.position = position
            changed.append(row)
    Task.objects.bulk_update(changed, ["position"])
    Task.objects.filter(pk=task.pk).update(status=status)
    if old_status != status:
        detail = f"{Task.Status(old_status).label} → {Task.Status(status).label}" + (
            f" ({via})" if via else ""
        )
        activity_record(task=task, actor=actor, verb="moved", detail=detail)
    elif old_ids != [row.pk for row in column]:
        activity_record(task=task, actor=actor, verb="reordered", detail=f"now #{index + 1} in {task.get_status_display()}",
                        notify_people=False)  # fmt: skip
    publish(board_channel(task.project_id), "task", str(task.number))
    return task


@transaction.atomic
def task_delete(*, task: Task, actor) -> str:
    """Delete a task with its history; its key is not given to a new task (numbers come from
    the project's counter), and commits that named it keep their place in the project. The
    assignees and watchers are told, pointing at the board. Returns the deleted task's key."""
    Project.objects.select_for_update().filter(pk=task.project_id).values_list("pk", flat=True).get()
    task = Task.objects.select_related("project").get(pk=task.pk)
    key, project = task.key, task.project
    people = {m.pk: m for m in task.assignees.all()} | {m.pk: m for m in task.watchers.all()}
    for person in people.values():
        if person.pk != getattr(actor, "pk", None):
            notify(recipient=person, kind="project", verb=f"deleted {key}: {task.title}"[:200], actor=actor,
                   target=project, url=reverse("projects:board", args=[project.pk]))  # fmt: skip
    task.delete()
    publish(board_channel(project.pk), "task", str(task.number))
    return key


@transaction.atomic
def task_watch_set(*, task: Task, member, watching: bool) -> bool:
    return membership_set(Task.watchers.through, on=watching, task=task, user=member)
