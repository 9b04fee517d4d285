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
from apps.projects.access import project_access
from apps.projects.forms import JoinAskForm, ProjectFilterForm, ProjectForm
from apps.projects.models import Project
from apps.projects.services import (
    project_create,
    project_delete,
    project_like_set,
    project_save_set,
    project_update,
)

PER_PAGE = 12


@require_safe
# The cards read projects, their technologies, members and likes: board, GitHub and join
# activity elsewhere in the app does not renew the cached list.
@cache_page(
    "projects.project",
    "projects.project_technologies",
    "projects.projectmember",
    "projects.projectlike",
    "profiles.skill",
    "profiles.profile",
    "accounts.user",
)
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
    access = project_access(user=request.user, pk=pk)
    project = access.project
    context = {
        "project": project,
        "access": access,
        "can": access.can,
        "technologies": list(project.technologies.all()),
        "wanted_skills": list(project.wanted_skills.all()),
        "members": selectors.project_members(project=project),
        "state": selectors.project_viewer_state(project=project, viewer=request.user),
        "my_request": selectors.my_open_request(project=project, member=request.user),
        "join_form": JoinAskForm(),
    }
    context["can_edit"] = access.may("edit_project")
    response = render(request, "projects/project_detail.html", context)
    if project.is_private:
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
    return response


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
                wanted_skills=data["wanted_skills_text"],
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
    access = project_access(user=request.user, pk=pk, action="edit_project")
    project = access.project
    title = project.title  # the form writes what was typed onto `project` while validating
    initial = {
        "technologies_text": ", ".join(t.name for t in project.technologies.all()),
        "wanted_skills_text": ", ".join(s.name for s in project.wanted_skills.all()),
    }
    form = ProjectForm(request.POST or None, request.FILES or None, instance=project, initial=initial)
    rate = form_budget("projects.edit", "PROJECTS_WRITE_RATE", key="user")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    status = _refuse(request, form, wait)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project_update(
                project=project,
                data=data,
                technologies=data["technologies_text"],
                image=data["image_upload"],
                wanted_skills=data["wanted_skills_text"],
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            form_rate_count(request, **rate)
            messages.success(request, "Your changes are saved.")
            return redirect(project)
    context = {"form": form, "project": project, "title": title, "is_owner": access.may("delete_project")}
    return render(request, "projects/project_form.html", context, status=status)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def project_delete_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    project = project_access(user=request.user, pk=pk, action="delete_project").project
    title = project.title
    project_delete(project=project)
    messages.success(request, f"“{title}” is deleted.")
    return redirect("profiles:detail", handle=request.user.handle)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_REACT_RATE"), method="POST", block=True)
@require_POST
def project_like(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    project = project_access(user=request.user, pk=pk).project
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
    project = project_access(user=request.user, pk=pk).project
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


@private_page
@login_required
@require_safe
def project_mine(request: HtmxHttpRequest) -> HttpResponse:
    """Every project the member is on (private ones too), and their open invitations."""
    page = paginate(request, selectors.project_list_mine(member=request.user), per_page=PER_PAGE)
    context = {"page_obj": page, "invitations": selectors.invitations_for(member=request.user)}
    return render_page(request, "projects/project_mine.html", context, partial="results")


@require_safe
def project_open(request: HtmxHttpRequest) -> HttpResponse:
    """Practice and other active projects looking for contributors, with the skills they need."""
    skill = request.GET.get("skill", "").strip().casefold()[:50]
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(Project.Kind.choices) else ""
    page = paginate(request, selectors.project_list_open(skill=skill, kind=kind), per_page=PER_PAGE)
    context = {"page_obj": page, "skill": skill, "kind": kind, "kinds": Project.Kind.choices}
    return render_page(request, "projects/project_open.html", context, partial="results")
