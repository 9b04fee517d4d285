"""Organiser pages: create and edit a hackathon; its tracks, prizes, criteria and judges;
publishing the results. Every view goes through organising.hackathon_get_for_organising."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.hackathons import organising
from apps.hackathons.forms import CriterionForm, HackathonForm, JudgeForm, PrizeForm, TrackForm
from apps.hackathons.judging import results_publish
from apps.hackathons.models import Hackathon

# kind -> (form class, needs the hackathon, add service, delete service)
SECTIONS = {
    "tracks": (TrackForm, False, organising.track_add, organising.track_delete, "track_id"),
    "prizes": (PrizeForm, True, organising.prize_add, organising.prize_delete, "prize_id"),
    "criteria": (CriterionForm, False, organising.criterion_add, organising.criterion_delete, "criterion_id"),
    "judges": (JudgeForm, False, organising.judge_add, organising.judge_remove, "judge_id"),
}


def _hackathon_initial(hackathon: Hackathon) -> dict:
    initial = {name: getattr(hackathon, name) for name in organising.HACKATHON_FIELDS}
    initial["technologies"] = ", ".join(s.name for s in hackathon.technologies.all())
    return initial


@require_http_methods(["GET", "POST"])
@login_required
def hackathon_create(request: HtmxHttpRequest) -> HttpResponse:
    if not organising.can_organise(request.user):
        raise PermissionDenied
    return _hackathon_form(request, hackathon=None)


@private_page
@require_http_methods(["GET", "POST"])
@login_required
def hackathon_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    hackathon = organising.hackathon_get_for_organising(user=request.user, slug=slug)
    return _hackathon_form(request, hackathon=hackathon)


def _hackathon_form(request: HtmxHttpRequest, *, hackathon: Hackathon | None) -> HttpResponse:
    initial = _hackathon_initial(hackathon) if hackathon else {}
    form = HackathonForm(request.POST or None, request.FILES or None, initial=initial)
    rate = form_budget(
        "hackathons.hackathon-edit" if hackathon else "hackathons.hackathon-create",
        "HACKATHON_POST_RATE",
        key="user_or_ip",
    )
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid() and not wait:
        data = dict(form.cleaned_data)
        technologies, banner = data.pop("technologies"), data.pop("banner")
        try:
            saved = organising.hackathon_save(
                organiser=request.user,
                data=data,
                technologies=technologies,
                banner=banner,
                hackathon=hackathon,
            )
            form_rate_count(request, **rate)
            messages.success(request, "Hackathon saved.")
            return redirect_after_post(request, "hackathons:manage", slug=saved.slug)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
    if wait:
        upload = "the banner" if request.FILES else ""
        form.add_error(None, form_rate_message(wait, upload=upload, account=True))
    context = {"form": form, "hackathon": hackathon}
    return render_page(
        request,
        "hackathons/hackathon_form.html",
        context,
        partial="hackathon-form",
        status=429 if wait else 200,
    )


@private_page
@require_safe
@login_required
def manage(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    hackathon = organising.hackathon_get_for_organising(user=request.user, slug=slug)
    return _manage_page(request, hackathon)


def _manage_page(
    request, hackathon: Hackathon, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    forms = {kind: (form_class(hackathon=hackathon) if needs else form_class())
             for kind, (form_class, needs, *_rest) in SECTIONS.items()}  # fmt: skip
    forms.update(bound or {})
    context = {
        "hackathon": hackathon,
        "forms": forms,
        "tracks": hackathon.tracks.all(),
        "prizes": hackathon.prizes.select_related("track"),
        "criteria": hackathon.criteria.all(),
        "judges": hackathon.judges.select_related("user"),
    }
    return render_page(request, "hackathons/manage.html", context, status=status)


@require_POST
@login_required
def manage_add(request: HtmxHttpRequest, slug: str, kind: str) -> HttpResponse:
    hackathon = organising.hackathon_get_for_organising(user=request.user, slug=slug)
    if kind not in SECTIONS:
        raise Http404
    form_class, needs_hackathon, add, _delete, _key = SECTIONS[kind]
    form = form_class(request.POST, hackathon=hackathon) if needs_hackathon else form_class(request.POST)
    rate = form_budget("hackathons.manage-add", "HACKATHON_POST_RATE", key="user_or_ip")
    wait = form_rate_wait(request, **rate)
    if form.is_valid() and not wait:
        try:
            add(hackathon=hackathon, **form.cleaned_data)
            form_rate_count(request, **rate)
            messages.success(request, "Saved.")
            return redirect("hackathons:manage", slug=slug)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
    if wait:
        form.add_error(None, form_rate_message(wait, account=True))
    return _manage_page(request, hackathon, bound={kind: form}, status=429 if wait else 422)


@require_POST
@login_required
@ratelimit(key="user_or_ip", rate=setting_rate("HACKATHON_POST_RATE"), method="POST", block=True)
def manage_delete(request: HtmxHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    hackathon = organising.hackathon_get_for_organising(user=request.user, slug=slug)
    if kind not in SECTIONS:
        raise Http404
    *_rest, delete, key = SECTIONS[kind]
    try:
        delete(hackathon=hackathon, **{key: pk})
        messages.success(request, "Removed.")
    except ValidationError as exc:
        message_service_error(request, exc)
    return redirect("hackathons:manage", slug=slug)


@require_POST
@login_required
@ratelimit(key="user_or_ip", rate=setting_rate("HACKATHON_POST_RATE"), method="POST", block=True)
def publish(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    hackathon = organising.hackathon_get_for_organising(user=request.user, slug=slug)
    try:
        results_publish(hackathon=hackathon, by=request.user)
        messages.success(request, "Results published. Every team has been emailed.")
    except ValidationError as exc:
        message_service_error(request, exc)
        return redirect("hackathons:manage", slug=slug)
    return redirect("hackathons:leaderboard", slug=slug)
