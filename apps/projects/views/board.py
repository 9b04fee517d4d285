"""The task board, the task list (for phones), a task's page and its HTMX detail panel.

Board HTML is built from partials that can be rendered alone (`projects/board.html#column`
for one column, `#task-card` for one card), so a later live update can re-render just what
changed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, is_partial_request, redirect_after_post, render_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.projects import selectors
from apps.projects.access import Access, project_access
from apps.projects.forms import TaskFilterForm, TaskForm, TaskMoveForm
from apps.projects.models import Task
from apps.projects.services import task_create, task_delete, task_move, task_update, task_watch_set

LIST_PER_PAGE = 50


def _board_context(request: HtmxHttpRequest, access: Access) -> dict:
    filter_form = TaskFilterForm(request.GET if request.method == "GET" else request.POST)
    filters = filter_form.filters()
    return {
        "project": access.project,
        "access": access,
        "can": access.can,
        "filter_form": filter_form,
        "filters": filters,
        "options": selectors.board_filter_options(project=access.project),
        "statuses": Task.Status.choices,
    }


@private_page
@require_safe
def board(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="view_board")
    context = _board_context(request, access)
    context["columns"] = selectors.board_columns(project=access.project, filters=context["filters"])
    return render_page(request, "projects/board.html", context, partial="board")


@private_page
@require_safe
def task_list(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The board as one list, one task per row with its column select: for phones."""
    access = project_access(user=request.user, pk=pk, action="view_board")
    context = _board_context(request, access)
    tasks = selectors.task_list(project=access.project, filters=context["filters"])
    context["page_obj"] = paginate(request, tasks, per_page=LIST_PER_PAGE)
    for task in context["page_obj"].object_list:
        task.project = access.project
    return render_page(request, "projects/task_list.html", context, partial="results")


def _refused(form, wait: int | None) -> int:
    if not wait:
        return 200
    form.add_error(None, form_rate_message(wait, account=True))
    return 429


@login_required
@require_http_methods(["GET", "POST"])
def task_create_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="create_task")
    project = access.project
    initial = {"status": request.GET.get("status")} if request.GET.get("status") in Task.Status.values else {}
    form = TaskForm(request.POST or None, project=project, initial=initial)
    rate = form_budget("projects.task-create", "PROJECTS_TASK_RATE", key="user")
    status = _refused(form, form_rate_wait(request, **rate)) if request.method == "POST" else 200
    if request.method == "POST" and status == 200 and form.is_valid():
        data = form.cleaned_data
        try:
            task = task_create(
                project=project, actor=request.user, title=data["title"], description=data["description"],
                status=data["status"], priority=data["priority"], due_on=data["due_on"],
                labels=data["labels_text"], assignee_ids=[m.pk for m in data["assignees"]],
            )  # fmt: skip
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            form_rate_count(request, **rate)
            messages.success(request, f"{task.key} is on the board.")
            return redirect_after_post(request, "projects:board", pk=project.pk)
    context = {"project": project, "form": form, "task": None, "access": access}
    return render(request, "projects/task_form.html", context, status=status)


def _task_context(access: Access, task: Task, **extra) -> dict:
    return {
        "project": access.project,
        "access": access,
        "can": access.can,
        "task": task,
        "statuses": Task.Status.choices,
        "watching": task.watchers.filter(pk=getattr(access.membership, "member_id", None)).exists(),
        **selectors.task_detail(task=task),
        **extra,
    }


@private_page
@require_safe
def task_detail(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="view_board")
    task = selectors.task_get(project=access.project, number=number)
    return render_page(request, "projects/task_detail.html", _task_context(access, task), partial="panel")


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="edit_task")
    task = selectors.task_get(project=access.project, number=number)
    form = TaskForm(request.POST or None, instance=task, project=access.project)
    rate = form_budget("projects.task-edit", "PROJECTS_TASK_RATE", key="user")
    status = _refused(form, form_rate_wait(request, **rate)) if request.method == "POST" else 200
    if request.method == "POST" and status == 200 and form.is_valid():
        data = form.cleaned_data
        try:
            task_update(
                task=task, actor=request.user, data={k: data[k] for k in ("title", "description", "priority", "due_on", "status")},
                labels=data["labels_text"], assignee_ids=[m.pk for m in data["assignees"]],
            )  # fmt: skip
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            form_rate_count(request, **rate)
            task = selectors.task_get(project=access.project, number=number)
            if is_partial_request(request):
                # The board's card is refreshed too when the panel was opened on the board.
                on_board = reverse("projects:board", args=[pk]) in request.headers.get("HX-Current-URL", "")
                context = _task_context(access, task, oob_card=on_board, saved=True)
                return render(request, "projects/task_detail.html#panel", context)
            messages.success(request, f"{task.key} is saved.")
            return redirect_after_post(request, task)
        task.refresh_from_db()
    context = _task_context(access, task, form=form)
    template = (
        "projects/task_detail.html#edit-form" if is_partial_request(request) else "projects/task_form.html"
    )
    return render(request, template, context, status=status)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_TASK_RATE"), method="POST", block=True)
@require_POST
def task_move_view(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    """Move a task to a column (and a place in it): the drag-and-drop script, the column select
    and the arrow buttons all post here."""
    access = project_access(user=request.user, pk=pk, action="move_task")
    task = selectors.task_get(project=access.project, number=number)
    form = TaskMoveForm(request.POST)
    if not form.is_valid():
        if request.headers.get("X-Board-Move"):
            return HttpResponse("Choose a column.", status=400, content_type="text/plain")
        messages.error(request, "Choose a column: to do, in progress, review or done.")
        return redirect_after_post(request, "projects:board", pk=pk)
    try:
        data = form.cleaned_data
        task_move(
            task=task, actor=request.user, status=data["status"], index=data["index"],
            before=data["before"], after=data["after"],
        )  # fmt: skip
    except ValidationError as exc:
        message_service_error(request, exc)
    if request.headers.get("X-Board-Move"):  # the drag-and-drop script: the DOM already moved
        return HttpResponse(status=204)
    if is_partial_request(request):
        access = project_access(user=request.user, pk=pk)
        context = _board_context(request, access)
        context["columns"] = selectors.board_columns(project=access.project, filters=context["filters"])
        return render(request, "projects/board.html#board", context)
    back = request.POST.get("back")
    if back == "list":
        return redirect_after_post(request, "projects:tasks", pk=pk)
    if back == "task":
        return redirect_after_post(request, task)
    messages.success(request, f"{task.key} moved to {Task.Status(form.cleaned_data['status']).label}.")
    return redirect_after_post(request, "projects:board", pk=pk)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_TASK_RATE"), method="POST", block=True)
@require_POST
def task_delete_view(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    """Delete a task (owners and leads), asked first on the task's page, then back to the board."""
    access = project_access(user=request.user, pk=pk, action="delete_task")
    task = selectors.task_get(project=access.project, number=number)
    key = task_delete(task=task, actor=request.user)
    messages.success(request, f"{key} is deleted.")
    return redirect_after_post(request, "projects:board", pk=pk)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_TASK_RATE"), method="POST", block=True)
@require_POST
def task_watch(request: HtmxHttpRequest, pk: int, number: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="watch_task")
    task = selectors.task_get(project=access.project, number=number)
    task_watch_set(task=task, member=request.user, watching=request.POST.get("on") == "1")
    return redirect_after_post(request, task)
