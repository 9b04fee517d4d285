"""Staff review of job listings (two-factor staff only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST, require_safe

from apps.core.decorators import staff_required
from apps.core.htmx import HtmxHttpRequest, render_page
from apps.core.pagination import paginate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.jobs import selectors, services
from apps.jobs.forms import RejectJobForm


@staff_required
@require_safe
def review_queue(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.job_list_for_review())
    return render_page(request, "jobs/staff_queue.html", {"page_obj": page}, partial="results")


@staff_required
@require_safe
def review(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_review(pk=pk)
    return render_page(request, "jobs/staff_review.html", {"job": job, "reject_form": RejectJobForm()})


@staff_required
@require_POST
def approve(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_review(pk=pk)
    try:
        services.job_approve(job=job, reviewer=request.user)
    except ValidationError as exc:
        message_service_error(request, exc)
        return redirect("jobs_staff:review", pk=job.pk)
    messages.success(request, f"Published “{job.title}”.")
    return redirect("jobs_staff:queue")


@staff_required
@require_POST
def reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    job = selectors.job_get_for_review(pk=pk)
    form = RejectJobForm(request.POST)
    if form.is_valid():
        try:
            services.job_reject(job=job, reviewer=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"Sent “{job.title}” back to the employer.")
            return redirect("jobs_staff:queue")
    return render_page(request, "jobs/staff_review.html", {"job": job, "reject_form": form})
