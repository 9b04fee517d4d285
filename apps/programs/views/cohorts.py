"""The cohort home, missions and handing work in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.core.uploads import DOCUMENT_KINDS
from apps.programs import access, selectors, services
from apps.programs.forms import AnnouncementForm, QuoteForm, SubmissionForm
from apps.programs.models import MissionSubmission


@private_page
@login_required
@require_safe
def cohort_home(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    cohort, membership, role = access.cohort_get_for_viewer(request.user, pk)
    context = {
        "cohort": cohort,
        "program": cohort.program,
        "membership": membership,
        "role": role,
        "missions": selectors.cohort_missions(cohort=cohort, member=request.user if membership else None),
        "members": selectors.cohort_members(cohort=cohort),
        "mentors": cohort.mentors.order_by("first_name", "pk"),
        "schedule": cohort.schedule.all(),
        "announcements": cohort.announcements.select_related("author")[:10],
        "announcement_form": AnnouncementForm() if role == "director" else None,
        "quote_form": QuoteForm(initial={"quote": membership.quote, "shared": membership.quote_shared})
        if membership
        else None,
    }
    return render_page(request, "programs/cohort_home.html", context)


@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def cohort_leave(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    cohort, membership, _role = access.cohort_get_for_viewer(request.user, pk)
    if membership is None:
        raise Http404
    try:
        services.membership_leave(membership=membership)
    except ValidationError as exc:
        message_service_error(request, exc)
        return redirect_after_post(request, "programs:cohort-home", pk)
    messages.success(request, f"You left {cohort.name}.")
    return redirect_after_post(request, "programs:application-list")


@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def cohort_quote(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    _cohort, membership, _role = access.cohort_get_for_viewer(request.user, pk)
    if membership is None:
        raise Http404
    form = QuoteForm(request.POST)
    if form.is_valid():
        services.membership_set_quote(
            membership=membership, quote=form.cleaned_data["quote"], shared=form.cleaned_data["shared"]
        )
        messages.success(request, "Saved.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect_after_post(request, "programs:cohort-home", pk)


@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def announcement_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    cohort, _membership, role = access.cohort_get_for_viewer(request.user, pk)
    if role != "director":
        raise Http404
    form = AnnouncementForm(request.POST)
    if form.is_valid():
        services.announcement_create(cohort=cohort, author=request.user, **form.cleaned_data)
        messages.success(request, "Announcement posted.")
    else:
        messages.error(request, "Give the announcement a title and a text (10,000 characters at most).")
    return redirect_after_post(request, "programs:cohort-home", pk)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def mission_detail(request: HtmxHttpRequest, pk: int, mission_pk: int) -> HttpResponse:
    cohort, membership, role = access.cohort_get_for_viewer(request.user, pk)
    mission = selectors.mission_get_for_cohort(cohort=cohort, pk=mission_pk)
    form = None
    rate = form_budget("programs.submit", "PROGRAMS_SUBMIT_RATE", key="user_or_ip")
    wait = None
    if membership is not None:
        form = SubmissionForm(request.POST or None, request.FILES or None, mission=mission)
        if request.method == "POST":
            wait = form_rate_wait(request, **rate)
            if form.is_valid() and not wait:
                try:
                    services.submission_create(mission=mission, member=request.user, data=form.to_data())
                except ValidationError as exc:
                    form_add_service_errors(form, exc)
                else:
                    form_rate_count(request, **rate)
                    messages.success(request, "Handed in. Your mentor's queue is first in, first out.")
                    return redirect("programs:mission-detail", pk, mission.pk)
            if wait:
                form.add_error(
                    None, form_rate_message(wait, upload="your file" if request.FILES else "", account=True)
                )
    elif request.method == "POST":
        raise Http404
    iterations = selectors.submissions_of(mission=mission, member=request.user) if membership else []
    waiting = next((s for s in iterations if s.status == MissionSubmission.Status.WAITING), None)
    context = {
        "cohort": cohort, "program": cohort.program, "mission": mission, "form": form, "role": role,
        "iterations": iterations, "waiting": waiting,
        "wait": selectors.expected_wait(submission=waiting) if waiting else None,
        "escalate_hours": selectors.escalate_hours(),
        "can_submit": not iterations or iterations[0].status == MissionSubmission.Status.CHANGES,
    }  # fmt: skip
    return render_page(request, "programs/mission_detail.html", context, status=429 if wait else 200)


@private_page
@login_required
@require_safe
def submission_file(request: HtmxHttpRequest, pk: int) -> FileResponse:
    """A handed-in file, for its author, the cohort's mentors and the program's directors;
    always as a download."""
    submission = get_object_or_404(MissionSubmission.objects.select_related("cohort__program"), pk=pk)
    user = request.user
    allowed = (
        submission.member_id == user.pk
        or access.is_cohort_mentor(user, submission.cohort)
        or access.can_direct(user, submission.cohort.program)
    )
    if not allowed or not submission.file:
        raise Http404
    try:
        handle = submission.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=submission.file_name,
        content_type=DOCUMENT_KINDS.get(submission.file_kind, "application/octet-stream"),
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    return response
