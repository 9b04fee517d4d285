"""Directors set up their programs, cohorts and cohort schedules on the site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.htmx import HtmxHttpRequest, render_page
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors
from apps.programs import access, services
from apps.programs.forms import CohortForm, ProgramForm, ScheduleItemForm
from apps.programs.models import Cohort, ScheduleItem

TEMPLATE = "programs/setup_form.html"


def _page(request, form, *, heading: str, back_url: str, back_label: str, **extra) -> HttpResponse:
    context = {"form": form, "heading": heading, "back_url": back_url, "back_label": back_label, **extra}
    return render_page(request, TEMPLATE, context)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def program_create(request: HtmxHttpRequest) -> HttpResponse:
    organizations = access.organizations_directed(request.user)
    if not organizations.exists():
        raise Http404
    form = ProgramForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_save(
                program=form.save(commit=False), courses=form.cleaned_data["courses"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"Program “{program.title}” saved. Add its first cohort.")
            return redirect("programs:cohort-create", program.slug)
    return _page(request, form, heading="New program", back_url="/director/", back_label="Programs you run")


@private_page
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def program_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    program = access.program_get_for_director(request.user, slug)
    organizations = access.organizations_directed(request.user)
    form = ProgramForm(request.POST or None, instance=program, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            program = services.program_save(
                program=form.save(commit=False), courses=form.cleaned_data["courses"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"Program “{program.title}” saved.")
            return redirect("programs:director")
    return _page(
        request, form, heading=f"Edit {program.title}", back_url="/director/", back_label="Programs you run"
    )


@private_page
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def cohort_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    program = access.program_get_for_director(request.user, slug)
    form = CohortForm(request.POST or None, instance=Cohort(program=program))
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_save(
                cohort=form.save(commit=False), sponsors=form.cleaned_data["sponsors"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"Cohort “{cohort.name}” saved.")
            return redirect("programs:cohort-home", cohort.pk)
    return _page(request, form, heading=f"New cohort of {program.title}", back_url="/director/",
                 back_label="Programs you run")  # fmt: skip


@private_page
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def cohort_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    cohort = access.cohort_get_for_director(request.user, pk)
    form = CohortForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_save(
                cohort=form.save(commit=False), sponsors=form.cleaned_data["sponsors"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"Cohort “{cohort.name}” saved.")
            return redirect("programs:cohort-home", cohort.pk)
    return _page(request, form, heading=f"Edit {cohort.name}", back_url=cohort.get_absolute_url(),
                 back_label=cohort.name)  # fmt: skip


@private_page
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def schedule_item_edit(request: HtmxHttpRequest, pk: int, item_pk: int | None = None) -> HttpResponse:
    """Add a session to a cohort's schedule (no `item_pk`) or change one."""
    cohort = access.cohort_get_for_director(request.user, pk)
    item = (
        get_object_or_404(ScheduleItem, pk=item_pk, cohort=cohort) if item_pk else ScheduleItem(cohort=cohort)
    )
    form = ScheduleItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.schedule_item_save(item=form.save(commit=False))
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"“{item.title}” is on the schedule.")
            return redirect("programs:cohort-home", cohort.pk)
    heading = f"Edit “{item.title}”" if item.pk else f"New session for {cohort.name}"
    return _page(request, form, heading=heading, back_url=cohort.get_absolute_url(), back_label=cohort.name,
                 delete_url=reverse("programs:schedule-delete", args=[cohort.pk, item.pk]) if item.pk else "")  # fmt: skip


@private_page
@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def schedule_item_delete(request: HtmxHttpRequest, pk: int, item_pk: int) -> HttpResponse:
    cohort = access.cohort_get_for_director(request.user, pk)
    item = get_object_or_404(ScheduleItem, pk=item_pk, cohort=cohort)
    item.delete()
    messages.success(request, f"“{item.title}” is off the schedule.")
    return redirect("programs:cohort-home", cohort.pk)
