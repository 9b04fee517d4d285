"""Joining, teams and submitting. Every form here works as a plain POST; errors come back as a
message (buttons) or next to the fields (forms), and nothing typed is lost."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.hackathons import selectors, services
from apps.hackathons.forms import JoinCodeForm, JoinForm, JoinRequestForm, SubmissionForm, TeamForm
from apps.hackathons.models import JoinRequest, Team, TeamMembership


def _team_get(*, hackathon, team_id: int) -> Team:
    return get_object_or_404(
        Team.objects.select_related("hackathon", "leader"), hackathon=hackathon, pk=team_id
    )


@require_POST
@login_required
@ratelimit(key="user_or_ip", rate=setting_rate("HACKATHON_POST_RATE"), method="POST", block=True)
def join(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    hackathon = selectors.hackathon_get(slug=slug)
    form = JoinForm(request.POST)
    skills = form.cleaned_data["skills"] if form.is_valid() else []
    try:
        services.participation_join(hackathon=hackathon, user=request.user, skills=skills)
        messages.success(request, f"You are in! Welcome to {hackathon.title}.")
    except ValidationError as exc:
        message_service_error(request, exc)
    return redirect(hackathon)


@require_POST
@login_required
@ratelimit(key="user_or_ip", rate=setting_rate("HACKATHON_POST_RATE"), method="POST", block=True)
def leave(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    hackathon = selectors.hackathon_get(slug=slug)
    try:
        services.participation_leave(hackathon=hackathon, user=request.user)
        messages.success(request, f"You left {hackathon.title}.")
    except ValidationError as exc:
        message_service_error(request, exc)
    return redirect(hackathon)


@require_http_methods(["GET", "POST"])
def teams(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Teams of a hackathon, those looking for people matched to the viewer's skills, and
    (POST) creating a team."""
    hackathon = selectors.hackathon_get(slug=slug)
    form = TeamForm(request.POST if request.method == "POST" else None)
    rate, wait = form_budget("hackathons.team-create", "HACKATHON_POST_RATE", key="user_or_ip"), None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        wait = form_rate_wait(request, **rate)
        if form.is_valid() and not wait:
            try:
                team = services.team_create(hackathon=hackathon, user=request.user, **form.cleaned_data)
                form_rate_count(request, **rate)
                messages.success(
                    request, f"Team {team.name} created. Share the join link with your teammates."
                )
                return redirect_after_post(request, team)
            except ValidationError as exc:
                form_add_service_errors(form, exc)
        if wait:
            form.add_error(None, form_rate_message(wait, account=True))
    all_teams = selectors.teams_with_members(hackathon=hackathon)
    context = {
        "hackathon": hackathon,
        "form": form,
        "code_form": JoinCodeForm(),
        "me": selectors.member_state(hackathon=hackathon, user=request.user, with_requests=True),
        "teams_looking": selectors.teams_looking(hackathon=hackathon, user=request.user, teams=all_teams),
        "all_teams": all_teams,
    }
    return render_page(
        request, "hackathons/teams.html", context, partial="team-form", status=429 if wait else 200
    )


@private_page
@require_safe
def team_detail(request: HtmxHttpRequest, slug: str, team_id: int) -> HttpResponse:
    return _team_page(request, selectors.hackathon_get(slug=slug), team_id=team_id)


def _team_page(
    request: HtmxHttpRequest, hackathon, *, team_id: int, request_form=None, status: int = 200
) -> HttpResponse:
    team = selectors.team_get_with_members(hackathon=hackathon, team_id=team_id)
    me = selectors.member_state(hackathon=hackathon, user=request.user, with_requests=True)
    is_member = me.team is not None and me.team.pk == team.pk
    requests = (
        team.join_requests.filter(state=JoinRequest.State.PENDING).select_related("user") if is_member else []
    )
    join_url = request.build_absolute_uri(
        f"{hackathon.get_absolute_url()}teams/join/{team.join_code}/"
    ) if is_member else ""  # fmt: skip
    context = {"hackathon": hackathon, "team": team, "me": me, "is_member": is_member, "requests": requests,
               "join_url": join_url, "request_form": request_form or JoinRequestForm()}  # fmt: skip
    return render_page(request, "hackathons/team_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
@ratelimit(key="user_or_ip", rate=setting_rate("HACKATHON_POST_RATE"), method="POST", block=True)
def team_join_link(request: HtmxHttpRequest, slug: str, code: str) -> HttpResponse:
    """The invite link: GET asks for confirmation (mail scanners follow links), POST joins."""
    hackathon = selectors.hackathon_get(slug=slug)
    team = Team.objects.filter(hackathon=hackathon, join_code=code).select_related("leader").first()
    if team is None:
        raise Http404("This invite link is not valid.")
    if request.method == "POST":
        try:
            services.team_join(team=team, user=request.user)
            messages.success(request, f"You joined {team.name}.")
            return redirect(team)
        except ValidationError as exc:
            message_service_error(request, exc)
    already = TeamMembership.objects.filter(team=team, user=request.user).exists()
    context = {"hackathon": hackathon, "team": team, "already": already}
    return render_page(request, "hackathons/team_join.html", context)


@require_POST
@login_required
@ratelimit(key="user_or_ip", rate=setting_rate("HACKATHON_POST_RATE"), method="POST", block=True)
def team_join_code(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    hackathon = selectors.hackathon_get(slug=slug)
    form = JoinCodeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Enter the join code your team leader gave you.")
        membership = services.team_join_by_code(
            hackathon=hackathon, code=form.cleaned_data["code"], user=request.user
        )
        messages.success(request, f"You joined {membership.team.name}.")
        return redirect(membership.team)
    except ValidationError as exc:
        message_service_error(request, exc)
    return redirect("hackathons:teams", slug=slug)


@require_POST
@login_required
def team_request(request: HtmxHttpRequest, slug: str, team_id: int) -> HttpResponse:
    hackathon = selectors.hackathon_get(slug=slug)
    team = _team_get(hackathon=hackathon, team_id=team_id)
    form = JoinRequestForm(request.POST)
    rate = form_budget("hackathons.team-request", "HACKATHON_POST_RATE", key="user_or_ip")
    if wait := form_rate_wait(request, **rate):
        # The team page again, with the message to the leader as it was typed.
        form.add_error(None, form_rate_message(wait, account=True))
        return _team_page(request, hackathon, team_id=team.pk, request_form=form, status=429)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        services.join_request_create(team=team, user=request.user, message=message)
        form_rate_count(request, **rate)
        messages.success(request, f"Request sent. The leader of {team.name} will answer.")
    except ValidationError as exc:
        message_service_error(request, exc)
    return redirect(team)


@require_POST
@login_required
@ratelimit(key="user_or_ip", rate=setting_rate("HACKATHON_POST_RATE"), method="POST", block=True)
def request_decide(request: HtmxHttpRequest, slug: str, team_id: int, request_id: int) -> HttpResponse:
    """Leader only: any other member gets a 404 (the request is looked up through their team)."""
    hackathon = selectors.hackathon_get(slug=slug)
    team = _team_get(hackathon=hackathon, team_id=team_id)
    if team.leader_id != request.user.pk:
        raise Http404
    join_request = get_object_or_404(JoinRequest.objects.select_related("user"), team=team, pk=request_id)
    accept = request.POST.get("decision") == "accept"
    try:
        services.join_request_decide(join_request=join_request, leader=request.user, accept=accept)
        messages.success(request, f"{'Accepted' if accept else 'Declined'} @{join_request.user.handle}.")
    except ValidationError as exc:
        message_service_error(request, exc)
    return redirect(team)


@require_POST
@login_required
@ratelimit(key="user_or_ip", rate=setting_rate("HACKATHON_POST_RATE"), method="POST", block=True)
def team_leave(request: HtmxHttpRequest, slug: str, team_id: int) -> HttpResponse:
    hackathon = selectors.hackathon_get(slug=slug)
    team = _team_get(hackathon=hackathon, team_id=team_id)
    try:
        services.team_leave(team=team, user=request.user)
        messages.success(request, f"You left {team.name}.")
    except ValidationError as exc:
        message_service_error(request, exc)
        return redirect(team)
    return redirect("hackathons:teams", slug=slug)


@private_page
@require_http_methods(["GET", "POST"])
@login_required
def submit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Create or edit the viewer's (team's) submission; read-only once the deadline passed."""
    hackathon = selectors.hackathon_get(slug=slug)
    me = selectors.member_state(hackathon=hackathon, user=request.user)
    existing = me.submission
    initial = _submission_initial(existing)
    form = SubmissionForm(
        request.POST if request.method == "POST" else None, initial=initial, hackathon=hackathon
    )
    rate = form_budget("hackathons.submit", "HACKATHON_POST_RATE", key="user_or_ip")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid() and not wait:
        try:
            data = services.SubmissionData(**form.cleaned_data)
            services.submission_save(hackathon=hackathon, user=request.user, data=data)
            form_rate_count(request, **rate)
            messages.success(request, "Submission saved. You can edit it until the deadline.")
            return redirect_after_post(request, "hackathons:submit", slug=slug)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
    if wait:
        form.add_error(None, form_rate_message(wait, account=True))
    context = {"hackathon": hackathon, "form": form, "me": me, "submission": existing}
    return render_page(
        request, "hackathons/submit.html", context, partial="submission-form", status=429 if wait else 200
    )


def _submission_initial(submission) -> dict:
    if submission is None:
        return {}
    return {
        "title": submission.title,
        "description": submission.description,
        "repository_url": submission.repository_url,
        "demo_url": submission.demo_url,
        "video_url": submission.video_url,
        "technologies": ", ".join(s.name for s in submission.technologies.all()),
        "track": submission.track_id,
    }
