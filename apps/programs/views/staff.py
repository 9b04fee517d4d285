"""Pages for program directors and mentors: deciding applications, writing missions, the
review queue, and the director and sponsor dashboards."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.exports.services import export_start
from apps.programs import access, dashboards, selectors, services
from apps.programs.exports import export_params
from apps.programs.forms import CapacityForm, DecisionForm, MentorForm, MissionForm, ReleaseForm, ReviewForm
from apps.programs.models import Application, Cohort, Mission


@private_page
@login_required
@require_safe
def application_review(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    program = access.program_get_for_director(request.user, slug)
    status = request.GET.get("status", "")
    if status not in Application.Status.values:
        status = ""
    page = paginate(request, selectors.applications_for_review(program=program, status=status), per_page=25)
    context = {
        "program": program, "page_obj": page, "status": status, "statuses": Application.Status.choices,
        "moves": services.DECISION_MOVES, "cohorts": selectors.cohorts_for_program(program=program, with_mentors=True),
    }  # fmt: skip
    return render_page(request, "programs/application_review.html", context, partial="results")


@private_page
@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def application_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(Application.objects.select_related("program", "applicant"), pk=pk)
    if not access.can_direct(request.user, application.program):
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose accept, waiting list or reject.")
    else:
        try:
            services.application_decide(
                application=application, decision=form.cleaned_data["decision"], by=request.user
            )
        except ValidationError as exc:
            message_service_error(request, exc)
        else:
            messages.success(request, f"Decision saved; we emailed {application.applicant.display_name}.")
    return redirect_after_post(request, "programs:application-review", application.program.slug)


@private_page
@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def cohort_capacity(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Directors change a cohort's seats; new seats go to the waiting list at once."""
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    if not access.can_direct(request.user, cohort.program):
        raise Http404
    form = CapacityForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the number of seats, from 0 to 10,000.")
    else:
        try:
            services.cohort_set_capacity(cohort=cohort, capacity=form.cleaned_data["capacity"])
        except ValidationError as exc:
            message_service_error(request, exc)
        else:
            messages.success(request, f"{cohort.name} has {form.cleaned_data['capacity']} seats.")
    return redirect_after_post(request, "programs:application-review", cohort.program.slug)


@private_page
@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def cohort_mentor(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Directors add a mentor to a cohort by handle, or remove one (`on=1` / `on=0`)."""
    cohort = get_object_or_404(Cohort.objects.select_related("program"), pk=pk)
    if not access.can_direct(request.user, cohort.program):
        raise Http404
    form = MentorForm(request.POST)
    person = None
    if form.is_valid():
        handle = form.cleaned_data["handle"].strip().lstrip("@")
        person = get_user_model().objects.filter(handle__iexact=handle, is_active=True).first()
    if person is None:
        messages.error(request, "No member has that handle.")
    else:
        on = form.cleaned_data["on"]
        services.cohort_mentor_set(cohort=cohort, user=person, mentoring=on)
        messages.success(
            request, f"{person.display_name} {'mentors' if on else 'no longer mentors'} {cohort.name}."
        )
    return redirect_after_post(request, "programs:application-review", cohort.program.slug)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def mission_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    program = access.program_get_for_director(request.user, slug)
    form = MissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = services.MissionData(**form.cleaned_data)
        try:
            mission = services.mission_create(program=program, data=data)
            if request.POST.get("publish") == "1":
                services.mission_publish(mission=mission)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"Mission “{mission.title}” saved.")
            return redirect("programs:director")
    return render_page(request, "programs/mission_form.html", {"program": program, "form": form})


@private_page
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def mission_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Edit a mission; a draft can be published here. A published mission's rubric and
    deliverable show but cannot change (the service refuses it too)."""
    program = access.program_get_for_director(request.user, slug)
    mission = get_object_or_404(Mission, pk=pk, program=program)
    initial = {"title": mission.title, "brief": mission.brief, "due_at": mission.due_at,
               "deliverable": mission.deliverable, "rubric": services.rubric_text(mission.rubric)}  # fmt: skip
    form = MissionForm(request.POST or None, initial=initial, frozen=mission.is_published)
    if request.method == "POST" and form.is_valid():
        try:
            services.mission_update(mission=mission, data=services.MissionData(**form.cleaned_data))
            if request.POST.get("publish") == "1":
                services.mission_publish(mission=mission)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, f"Mission “{mission.title}” saved.")
            return redirect("programs:director")
    return render_page(
        request, "programs/mission_form.html", {"program": program, "form": form, "mission": mission}
    )


@private_page
@login_required
@require_safe
def review_queue(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.review_queue(mentor=request.user), per_page=50)
    context = {"page_obj": page, "escalate_hours": selectors.escalate_hours()}
    return render_page(request, "programs/review_queue.html", context, partial="results")


@private_page
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def review_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    submission = selectors.submission_get_for_mentor(mentor=request.user, pk=pk)
    mission = submission.mission
    form = ReviewForm(request.POST or None, mission=mission)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_create(
                submission=submission, mentor=request.user, scores=form.scores(),
                comment=form.cleaned_data["comment"], verdict=form.cleaned_data["verdict"],
            )  # fmt: skip
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Review sent.")
            return redirect("programs:review-queue")
    return _review_page(request, submission, form, ReleaseForm())


def _review_page(request, submission, form, release_form, *, status: int = 200) -> HttpResponse:
    mission = submission.mission
    earlier = selectors.submissions_of(mission=mission, member=submission.member)
    context = {"submission": submission, "mission": mission, "form": form, "release_form": release_form,
               "releases": list(submission.releases.all()),
               "earlier": [s for s in earlier if s.pk != submission.pk]}  # fmt: skip
    return render_page(request, "programs/review_form.html", context, status=status)


@private_page
@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def review_release(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The mentor passes the head of their queue on to another mentor, with a reason."""
    submission = selectors.submission_get_for_mentor(mentor=request.user, pk=pk)
    release_form = ReleaseForm(request.POST)
    if release_form.is_valid():
        try:
            services.submission_release(
                submission=submission, mentor=request.user, reason=release_form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form_add_service_errors(release_form, exc, field="reason")
        else:
            messages.success(request, "Passed on to another mentor; it keeps its place by hand-in time.")
            return redirect("programs:review-queue")
    return _review_page(request, submission, ReviewForm(mission=submission.mission), release_form)


@private_page
@login_required
@require_safe
def director(request: HtmxHttpRequest) -> HttpResponse:
    programs = access.programs_directed(request.user)
    if not programs.exists() and not access.organizations_directed(request.user).exists():
        raise Http404
    context = {"programs": dashboards.director_stats(programs), "idle_days": dashboards.IDLE_DAYS}
    return render_page(request, "programs/director.html", context)


# What each export button on /director/ asks for (apps/programs/exports.py).
DIRECTOR_EXPORTS = {"cohorts": "programs.cohorts", "learners": "programs.learners"}


@private_page
@login_required
@require_POST
@ratelimit(key="user_or_ip", rate=setting_rate("PROGRAMS_WRITE_RATE"), method="POST", block=True)
def director_export(request: HtmxHttpRequest, what: str) -> HttpResponse:
    """Start a CSV of the director's cohorts or learners; its status page shows the progress
    and then the download."""
    programs = access.programs_directed(request.user)
    if what not in DIRECTOR_EXPORTS or not programs.exists():
        raise Http404
    export = export_start(
        source=DIRECTOR_EXPORTS[what], params=export_params(programs), file_format="csv", by=request.user
    )
    return redirect_after_post(request, "exports:export-status", export.pk)


@private_page
@login_required
@require_safe
def sponsor(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    organization = access.organization_get_for_sponsor(request.user, slug)
    rows = dashboards.sponsor_stats(organization)
    context = {"organization": organization, "rows": rows,
               "chart": dashboards.bars([(r.cohort.name, r.completion_percent) for r in rows])}  # fmt: skip
    return render_page(request, "programs/sponsor.html", context)
