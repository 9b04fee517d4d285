"""Pages for employers: post and edit listings, send them for review, run the pipeline."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, is_partial_request, render_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error, service_error_messages
from apps.jobs import selectors, services
from apps.jobs.forms import JobForm, NotesForm, PipelineFilterForm, StageMoveForm
from apps.jobs.models import JobApplication


def _require_employer(user) -> None:
    if not selectors.can_post_jobs(user):
        raise PermissionDenied


@private_page
@login_required
@require_safe
def job_mine(request: HtmxHttpRequest) -> HttpResponse:
    _require_employer(request.user)
    page = paginate(request, selectors.job_list_posted(user=request.user))
    return render_page(request, "jobs/job_mine.html", {"page_obj": page}, partial="results")


def _save_job_form(request: HtmxHttpRequest, form: JobForm, *, rate: dict, wait: int | None, job=None):
    """Validate and write; returns the job, or None with errors on the form. Only a saved
    listing counts against the limit; a limited one keeps what was typed."""
    if not form.is_valid() or wait:
        if wait:
            upload = "the logo" if request.FILES else ""
            form.add_error(None, form_rate_message(wait, upload=upload, account=True))
        return None
    try:
        logo = form.cleaned_data["company_logo"]
        if job is None:
            saved = services.job_create(author=request.user, data=form.to_data(), logo=logo)
        else:
            remove_logo = form.cleaned_data.get("remove_logo", False)
            saved = services.job_update(job=job, data=form.to_data(), logo=logo, remove_logo=remove_logo)
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return None
    form_rate_count(request, **rate)
    return saved


@login_required
@require_http_methods(["GET", "POST"])
def job_create(request: HtmxHttpRequest) -> HttpResponse:
    _require_employer(request.user)
    form = JobForm(request.POST or None, request.FILES or None)
    rate = form_budget("jobs.job-create", "JOBS_WRITE_RATE", key="user_or_ip")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST" and (job := _save_job_form(request, form, rate=rate, wait=wait)):
        messages.success(request, "Draft saved. Submit it for review when it is ready.")
        return redirect("jobs:job-manage", pk=job.pk)
    context = {"form": form, "job": None}
    return render_page(request, "jobs/job_form.html", context, status=429 if wait else 200)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def job_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_manage(user=request.user, pk=pk)
    rate = form_budget("jobs.job-edit", "JOBS_WRITE_RATE", key="user_or_ip")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST":
        form = JobForm(request.POST, request.FILES, has_logo=bool(job.company_logo))
        if _save_job_form(request, form, rate=rate, wait=wait, job=job):
            messages.success(request, "Saved. Edited listings go back to draft until reviewed again.")
            return redirect("jobs:job-manage", pk=job.pk)
    else:
        form = JobForm(initial=JobForm.initial_for(job), has_logo=bool(job.company_logo))
    return render_page(request, "jobs/job_form.html", {"form": form, "job": job}, status=429 if wait else 200)


@private_page
@login_required
@require_safe
def job_manage(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_manage(user=request.user, pk=pk)
    return render_page(request, "jobs/job_manage.html", {"job": job})


@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("JOBS_WRITE_RATE"), method="POST", block=True)
def job_submit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Send a draft, rejected or expired listing to staff for review (republishing)."""
    job = selectors.job_get_for_manage(user=request.user, pk=pk)
    try:
        services.job_submit(job=job)
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, "Submitted. Staff will review it shortly.")
    return redirect("jobs:job-manage", pk=job.pk)


@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("JOBS_WRITE_RATE"), method="POST", block=True)
def job_close(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_manage(user=request.user, pk=pk)
    try:
        services.job_close(job=job)
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, "The listing is closed to new applications.")
    return redirect("jobs:job-manage", pk=job.pk)


# --- The pipeline --------------------------------------------------------------------------


@private_page
@login_required
@require_safe
def pipeline(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_manage(user=request.user, pk=pk)
    form = PipelineFilterForm(request.GET)
    stage, q = form.values()
    page = paginate(request, selectors.application_list_for_job(job=job, stage=stage, q=q), per_page=25)
    context = {"job": job, "form": form, "page_obj": page}
    return render_page(request, "jobs/pipeline.html", context, partial="applications")


def _card(request: HtmxHttpRequest, application: JobApplication, **extra) -> HttpResponse:
    application = selectors.application_get_for_employer(user=request.user, pk=application.pk)
    context = {"application": application, "job": application.job, **extra}
    return render_page(request, "jobs/pipeline.html#application-card", context)


@private_page
@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("JOBS_WRITE_RATE"), method="POST", block=True)
def application_move(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_employer(user=request.user, pk=pk)
    form = StageMoveForm(request.POST, application=application)
    error = ""
    if form.is_valid():
        try:
            services.application_move(
                application=application, to_stage=form.cleaned_data["stage"], by=request.user,
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as exc:
            error = " ".join(service_error_messages(exc))
    else:
        error = "Choose a stage this application can move to."
    if is_partial_request(request):
        return _card(request, application, move_error=error)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"{application.full_name} moved; we emailed them.")
    return redirect("jobs:pipeline", pk=application.job_id)


@private_page
@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("JOBS_WRITE_RATE"), method="POST", block=True)
def application_notes(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_employer(user=request.user, pk=pk)
    form = NotesForm(request.POST)
    if form.is_valid():
        services.application_note(application=application, notes=form.cleaned_data["notes"])
    if is_partial_request(request):
        return _card(request, application, notes_saved=form.is_valid())
    messages.success(request, "Notes saved.")
    return redirect("jobs:pipeline", pk=application.job_id)
