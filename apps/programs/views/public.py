"""Programs anyone can browse, applying, and a member's own applications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.programs import access, selectors, services
from apps.programs.forms import ApplicationForm
from apps.programs.models import Application


@require_safe
def program_list(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.program_list())
    return render_page(request, "programs/program_list.html", {"page_obj": page}, partial="results")


@require_safe
def program_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_published(slug=slug)
    context = {
        "program": program,
        "cohorts": selectors.cohorts_for_program(program=program),
        "my_application": selectors.live_application(program=program, user=request.user),
        "can_direct": access.can_direct(request.user, program),
    }
    return render_page(request, "programs/program_detail.html", context)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def program_apply(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    program = selectors.program_get_published(slug=slug)
    existing = selectors.live_application(program=program, user=request.user)
    cohorts = list(selectors.cohorts_accepting(program=program))
    rate = form_budget("programs.apply", "PROGRAMS_APPLY_RATE", key="user_or_ip")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    form = ApplicationForm(request.POST or None, cohorts=selectors.cohorts_accepting(program=program))
    if request.method == "POST" and not existing and cohorts:
        if form.is_valid() and not wait:
            try:
                application = services.application_create(
                    program=program,
                    cohort=form.cleaned_data["cohort"],
                    applicant=request.user,
                    data=form.to_data(),
                )
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                form_rate_count(request, **rate)
                messages.success(request, _applied_message(application))
                return redirect("programs:application-list")
        if wait:
            form.add_error(None, form_rate_message(wait, account=True))
    context = {"program": program, "form": form, "existing": existing, "cohorts": cohorts}
    return render_page(request, "programs/program_apply.html", context, status=429 if wait else 200)


def _applied_message(application: Application) -> str:
    if application.status == Application.Status.ACCEPTED:
        return f"You are in {application.cohort.name}. Welcome!"
    if application.status == Application.Status.WAITLISTED:
        return f"{application.cohort.name} is full: you are on its waiting list."
    return "Your application is in. We emailed you a copy; program staff will decide soon."


@private_page
@login_required
@require_safe
def application_list(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.applications_for_member(user=request.user))
    return render_page(request, "programs/application_list.html", {"page_obj": page}, partial="results")


@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def application_withdraw(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application, pk=pk, applicant=request.user)
    try:
        services.application_withdraw(application=application)
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, "You withdrew your application.")
    return redirect_after_post(request, "programs:application-list")
