"""Members of a project: the members page, invitations, requests to join, leaving, roles and
handing ownership over."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, is_partial_request, redirect_after_post
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.projects import selectors
from apps.projects.access import Access, project_access
from apps.projects.forms import InviteForm, JoinAskForm, RoleForm
from apps.projects.services import (
    invitation_decide,
    join_ask,
    join_request_cancel,
    join_request_decide,
    member_invite,
    member_leave,
    member_remove,
    member_role_set,
    ownership_transfer,
)


def _members_context(access: Access, *, invite_form: InviteForm | None = None) -> dict:
    project = access.project
    return {
        "project": project,
        "access": access,
        "can": access.can,
        "members": selectors.project_members(project=project),
        "requests": selectors.join_requests_open(project=project) if access.may("invite") else [],
        "invite_form": invite_form or InviteForm(),
        "role_form": RoleForm(),
    }


@private_page
@require_safe
def members_page(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk)
    return render(request, "projects/project_members.html", _members_context(access))


@login_required
@require_POST
def member_invite_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="invite")
    form = InviteForm(request.POST)
    rate = form_budget("projects.invite", "PROJECTS_WRITE_RATE", key="user")
    wait = form_rate_wait(request, **rate)
    status = 200
    if wait:
        form.add_error("handle", form_rate_message(wait, account=True))
        status = 429
    elif form.is_valid():
        try:
            invitation = member_invite(
                project=access.project, handle=form.cleaned_data["handle"], role=form.cleaned_data["role"],
                actor=request.user,
            )  # fmt: skip
        except ValidationError as exc:
            form_add_service_errors(form, exc, field="handle")
        else:
            form_rate_count(request, **rate)
            messages.success(request, f"@{invitation.member.handle} is invited; they join once they accept.")
            return redirect_after_post(request, "projects:members", pk=pk)
    context = _members_context(access, invite_form=form)
    if is_partial_request(request):
        return render(request, "projects/project_members.html#invite", context, status=status)
    return render(request, "projects/project_members.html", context, status=status)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def invitation_decide_view(request: HtmxHttpRequest, invitation_id: int) -> HttpResponse:
    accept = request.POST.get("accept") == "1"
    try:
        membership = invitation_decide(pk=invitation_id, member=request.user, accept=accept)
    except ValidationError as exc:
        message_service_error(request, exc)
        return redirect_after_post(request, "projects:mine")
    if membership is not None:
        messages.success(
            request, f"You joined “{membership.project.title}” as {membership.get_role_display().lower()}."
        )
        return redirect_after_post(request, "projects:board", pk=membership.project_id)
    messages.success(request, "Invitation declined.")
    return redirect_after_post(request, "projects:mine")


@login_required
@require_POST
def join_ask_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk)
    form = JoinAskForm(request.POST)
    rate = form_budget("projects.join", "PROJECTS_JOIN_RATE", key="user")
    wait = form_rate_wait(request, **rate)
    if wait:
        messages.error(request, form_rate_message(wait, account=True))
    elif form.is_valid():
        try:
            join_ask(project=access.project, member=request.user, message=form.cleaned_data["message"])
        except ValidationError as exc:
            message_service_error(request, exc)
        else:
            form_rate_count(request, **rate)
            messages.success(request, "Your request is sent; a lead of the project will answer it.")
    else:
        messages.error(request, "The message can be at most 500 characters.")
    return redirect_after_post(request, access.project)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def join_request_decide_view(request: HtmxHttpRequest, pk: int, request_id: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="decide_requests")
    accept = request.POST.get("accept") == "1"
    try:
        membership = join_request_decide(
            project=access.project, pk=request_id, accept=accept, actor=request.user
        )
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        if membership is not None:
            messages.success(request, f"@{membership.member.handle} joined the project.")
        else:
            messages.success(request, "Request declined.")
    return redirect_after_post(request, "projects:members", pk=pk)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def join_request_cancel_view(request: HtmxHttpRequest, pk: int, request_id: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk)
    mine = selectors.my_open_request(project=access.project, member=request.user)
    if not (mine and mine.pk == request_id) and not access.may("invite"):
        return redirect_after_post(request, access.project)
    join_request_cancel(project=access.project, pk=request_id, actor=request.user)
    messages.success(request, "Withdrawn.")
    if access.may("invite"):
        return redirect_after_post(request, "projects:members", pk=pk)
    return redirect_after_post(request, access.project)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def member_leave_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk)
    try:
        member_leave(project=access.project, member=request.user)
    except ValidationError as exc:
        message_service_error(request, exc)
        return redirect_after_post(request, "projects:members", pk=pk)
    messages.success(request, f"You left “{access.project.title}”.")
    return redirect_after_post(request, "projects:mine")


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def member_remove_view(request: HtmxHttpRequest, pk: int, member_id: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="remove_member")
    try:
        member_remove(project=access.project, member_id=member_id, actor=request.user)
    except ValidationError as exc:
        message_service_error(request, exc)
    return redirect_after_post(request, "projects:members", pk=pk)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def member_role_view(request: HtmxHttpRequest, pk: int, member_id: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="change_role")
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            member_role_set(project=access.project, member_id=member_id, role=form.cleaned_data["role"])
        except ValidationError as exc:
            message_service_error(request, exc)
        else:
            messages.success(request, "Role changed.")
    return redirect_after_post(request, "projects:members", pk=pk)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def ownership_transfer_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="transfer_ownership")
    try:
        target = ownership_transfer(
            project=access.project, to_member_id=int(request.POST.get("member") or 0), actor=request.user
        )
    except (ValidationError, ValueError) as exc:
        message_service_error(
            request, exc if isinstance(exc, ValidationError) else ValidationError("Choose a member.")
        )
    else:
        messages.success(request, f"@{target.member.handle} now owns the project; you stay on as a lead.")
    return redirect_after_post(request, "projects:members", pk=pk)
