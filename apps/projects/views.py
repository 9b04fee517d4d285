from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, is_partial_request, render_page
from apps.core.pagecache import cache_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors
from apps.projects import selectors
from apps.projects.forms import CollaboratorForm, ProjectFilterForm, ProjectForm
from apps.projects.services import (
    project_collaborator_add,
    project_collaborator_remove,
    project_create,
    project_delete,
    project_like_set,
    project_save_set,
    project_update,
)

PER_PAGE = 12


@require_safe
@cache_page("projects", "profiles.skill", "profiles.profile", "accounts.user")
def project_list(request: HtmxHttpRequest) -> HttpResponse:
    filters = ProjectFilterForm(request.GET)
    projects = selectors.project_list(**filters.filters())
    page = paginate(request, projects, per_page=PER_PAGE)
    context = {"filters": filters, "page_obj": page}
    if not is_partial_request(request):
        context["technologies"] = selectors.project_technology_options()
    return render_page(request, "projects/project_list.html", context, partial="results")


@require_safe
def project_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_view(pk=pk)
    context = {
        "project": project,
        "technologies": list(project.technologies.all()),
        "collaborators": list(project.collaborators.select_related("profile")),
        "state": selectors.project_viewer_state(project=project, viewer=request.user),
    }
    context["can_edit"] = request.user.is_authenticated and (
        project.creator_id == request.user.pk
        or any(c.pk == request.user.pk for c in context["collaborators"])
    )
    return render(request, "projects/project_detail.html", context)


def _refuse(request: HtmxHttpRequest, form, wait: int | None, *, field: str | None = None) -> int:
    """Put the limit's message on a limited form; the status to answer with."""
    if not wait:
        return 200
    upload = "the image" if request.FILES else ""
    form.add_error(field, form_rate_message(wait, upload=upload, account=True))
    return 429


@login_required
@require_http_methods(["GET", "POST"])
def project_create_view(request: HtmxHttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None, request.FILES or None)
    rate = form_budget("projects.create", "PROJECTS_WRITE_RATE", key="user")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    status = _refuse(request, form, wait)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = project_create(
                creator=request.user,
                data=data,
                technologies=data["technologies_text"],
                image=data["image_upload"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            form_rate_count(request, **rate)
            messages.success(request, "Your project is published.")
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": None}, status=status)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_edit(user=request.user, pk=pk)
    title = project.title  # the form writes what was typed onto `project` while validating
    initial = {"technologies_text": ", ".join(t.name for t in project.technologies.all())}
    form = ProjectForm(request.POST or None, request.FILES or None, instance=project, initial=initial)
    rate = form_budget("projects.edit", "PROJECTS_WRITE_RATE", key="user")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    status = _refuse(request, form, wait)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project_update(
                project=project, data=data, technologies=data["technologies_text"], image=data["image_upload"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            form_rate_count(request, **rate)
            messages.success(request, "Your changes are saved.")
            return redirect(project)
    context = {"form": form, "project": project, "title": title, "collaborator_form": CollaboratorForm()}
    context["collaborators"] = list(project.collaborators.all())
    return render(request, "projects/project_form.html", context, status=status)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def project_delete_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_delete(user=request.user, pk=pk)
    title = project.title
    project_delete(project=project)
    messages.success(request, f"“{title}” is deleted.")
    return redirect("profiles:detail", handle=request.user.handle)


@login_required
@require_POST
def collaborator_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_edit(user=request.user, pk=pk)
    form = CollaboratorForm(request.POST)
    rate = form_budget("projects.collaborator-add", "PROJECTS_WRITE_RATE", key="user")
    # The collaborators box shows only the handle's errors: the message goes there.
    status = _refuse(request, form, form_rate_wait(request, **rate), field="handle")
    if form.is_valid():
        try:
            member = project_collaborator_add(
                project=project, handle=form.cleaned_data["handle"], actor=request.user
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc, field="handle")
        else:
            form_rate_count(request, **rate)
            messages.success(request, f"@{member.handle} can now edit this project.")
            form = CollaboratorForm()
    context = {
        "project": project,
        "collaborator_form": form,
        "collaborators": list(project.collaborators.all()),
    }
    if is_partial_request(request):
        return render(request, "projects/project_form.html#collaborators", context, status=status)
    if form.is_bound and form.errors:
        context["form"] = ProjectForm(instance=project)
        return render(request, "projects/project_form.html", context, status=status)
    return redirect("projects:edit", pk=project.pk)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def collaborator_remove(request: HtmxHttpRequest, pk: int, member_id: int) -> HttpResponse:
    project = selectors.project_get_for_edit(user=request.user, pk=pk)
    project_collaborator_remove(project=project, member_id=member_id)
    if member_id == request.user.pk:
        return redirect(project)
    return redirect("projects:edit", pk=project.pk)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_REACT_RATE"), method="POST", block=True)
@require_POST
def project_like(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_view(pk=pk)
    liked = request.POST.get("like") == "1"
    project_like_set(project=project, member=request.user, liked=liked)
    if is_partial_request(request):
        context = {"project": project, "state": selectors.ViewerState(liked=liked)}
        return render(request, "projects/project_detail.html#like-form", context)
    return redirect(project)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_REACT_RATE"), method="POST", block=True)
@require_POST
def project_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get_for_view(pk=pk)
    saved = request.POST.get("save") == "1"
    project_save_set(project=project, member=request.user, saved=saved)
    if is_partial_request(request):
        return render(
            request,
            "projects/project_detail.html#save-form",
            {"project": project, "state": selectors.ViewerState(saved=saved)},
        )
    return redirect(project)


@private_page
@login_required
@require_safe
def project_saved(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.project_list_saved(member=request.user), per_page=PER_PAGE)
    return render_page(request, "projects/project_saved.html", {"page_obj": page}, partial="results")
