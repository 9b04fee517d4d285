from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, is_partial_request, redirect_after_post, render_page
from apps.core.next_url import safe_next_url
from apps.core.pagecache import cache_page
from apps.core.pagination import paginate
from apps.core.permissions import is_verified_staff
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.core.uploads import DOCUMENT_KINDS
from apps.jobs import selectors, services
from apps.jobs.forms import ApplicationForm, JobFilterForm
from apps.jobs.models import JobApplication
from apps.jobs.selectors import can_post_jobs

# --- Finding jobs --------------------------------------------------------------------------


@require_safe
@cache_page("jobs", "profiles.skill")
def job_list(request: HtmxHttpRequest) -> HttpResponse:
    form = JobFilterForm(request.GET, skill_choices=selectors.skill_choices_for_filter())
    filters = form.to_filters()
    page = selectors.job_page(filters=filters, user=request.user, page=request.GET.get("page"))
    # Called by the template only when the full page renders: the partial skips the query.
    can_post = partial(can_post_jobs, request.user)
    context = {"form": form, "filters": filters, "page_obj": page, "can_post": can_post}
    return render_page(request, "jobs/job_list.html", context, partial="results")


@require_safe
@cache_page("jobs", "profiles.skill")
def job_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_view(user=request.user, pk=pk)
    user = request.user
    context = {
        "job": job,
        "is_saved": user.is_authenticated and job.saves.filter(user=user).exists(),
        "my_application": (
            JobApplication.objects.filter(job=job, applicant=user).first() if user.is_authenticated else None
        ),
        "median_response": selectors.employer_median_response(employer_id=job.posted_by_id),
        "can_manage": user.is_authenticated and (is_verified_staff(user) or job.posted_by_id == user.pk),
    }
    return render_page(request, "jobs/job_detail.html", context)


@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("JOBS_WRITE_RATE"), method="POST", block=True)
def job_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_view(user=request.user, pk=pk)
    saved = request.POST.get("on") == "1"
    services.job_save_set(job=job, user=request.user, saved=saved)
    if is_partial_request(request):
        return render_page(request, "jobs/job_detail.html#save-button", {"job": job, "is_saved": saved})
    messages.success(request, "Saved." if saved else "Removed from your saved jobs.")
    return redirect(safe_next_url(request, job.get_absolute_url()))


@private_page
@login_required
@require_safe
def saved_list(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.job_list_saved(user=request.user))
    return render_page(request, "jobs/saved_list.html", {"page_obj": page}, partial="results")


# --- Applying ------------------------------------------------------------------------------


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def job_apply(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_view(user=request.user, pk=pk)
    existing = JobApplication.objects.filter(job=job, applicant=request.user).first()
    # Only sent applications count; a limited one gets its form back as it was typed.
    rate = form_budget("jobs.apply", "JOBS_APPLY_RATE", key="user_or_ip")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST":
        form = ApplicationForm(request.POST, request.FILES)
        if form.is_valid() and not wait:
            try:
                services.application_create(job=job, applicant=request.user, data=form.to_data())
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                form_rate_count(request, **rate)
                messages.success(request, f"Your application for {job.title} is in. We emailed you a copy.")
                return redirect("jobs:application-list")
        if wait:
            upload = "your CV" if request.FILES else ""
            form.add_error(None, form_rate_message(wait, upload=upload, account=True))
    else:
        form = ApplicationForm(initial=selectors.application_initial(user=request.user))
    context = {"job": job, "form": form, "existing": existing}
    return render_page(request, "jobs/job_apply.html", context, status=429 if wait else 200)


@private_page
@login_required
@require_safe
def application_list(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.application_list_for_applicant(user=request.user))
    return render_page(request, "jobs/application_list.html", {"page_obj": page}, partial="results")


@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("JOBS_WRITE_RATE"), method="POST", block=True)
def application_withdraw(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_applicant(user=request.user, pk=pk)
    try:
        services.application_withdraw(application=application)
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, f"You withdrew your application for {application.job.title}.")
    return redirect_after_post(request, "jobs:application-list")


@private_page
@login_required
@require_safe
def application_cv(request: HtmxHttpRequest, pk: int) -> FileResponse:
    """The CV, for the applicant and the job's employer only; always as a download."""
    application = selectors.application_get_for_cv(user=request.user, pk=pk)
    try:
        handle = application.cv.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=application.cv_filename,
        content_type=DOCUMENT_KINDS.get(application.cv_kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
