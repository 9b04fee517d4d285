from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, render_page
from apps.core.pagination import paginate
from apps.core.service_errors import form_add_service_errors
from apps.profiles import selectors
from apps.profiles.forms import (
    EducationForm,
    EducationFormSet,
    ExperienceForm,
    ExperienceFormSet,
    ProfileForm,
)
from apps.profiles.models import Profile
from apps.profiles.services import TimelineRow, profile_get_or_create, profile_update, skill_key

TIMELINE = {"exp": ("experience", ExperienceForm), "edu": ("education", EducationForm)}
_ROW_PREFIX = re.compile(r"^(exp|edu)-(\d{1,2})$")


def _timeline_initial(profile: Profile, related: str) -> list[dict]:
    return [
        {"id": e.pk, **{f: getattr(e, f) for f in ("title", "company", "school", "degree") if hasattr(e, f)},
         "start_date": e.start_date, "end_date": e.end_date, "is_current": e.is_current, "description": e.description}
        for e in getattr(profile, related).all()
    ]  # fmt: skip


def _rows(formset) -> list[TimelineRow]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", {})
        if not data or (not form.has_changed() and not data.get("id")):
            continue
        rows.append(TimelineRow(pk=data.get("id"), data=data, delete=bool(data.get("DELETE"))))
    return rows


def _edit_forms(request: HtmxHttpRequest, profile: Profile) -> tuple:
    """The settings form, both timeline formsets and the chosen skills: bound to the POST, or
    filled from what is saved."""
    user = request.user
    if request.method == "POST":
        skill_names = [s for s in request.POST.getlist("skills") if skill_key(s)][:50]
        return (
            ProfileForm(request.POST, request.FILES, instance=profile),
            ExperienceFormSet(request.POST, prefix="exp"),
            EducationFormSet(request.POST, prefix="edu"),
            skill_names,
        )
    return (
        ProfileForm(instance=profile, initial={"first_name": user.first_name, "last_name": user.last_name}),
        ExperienceFormSet(prefix="exp", initial=_timeline_initial(profile, "experiences")),
        EducationFormSet(prefix="edu", initial=_timeline_initial(profile, "educations")),
        [s.name for s in profile.skills.all()],
    )


def _save(request: HtmxHttpRequest, form, experiences, educations, skill_names, *, wait: int | None) -> bool:
    if any("\x00" in name for name in skill_names):
        # The chosen skills arrive as a list beside the form: answered like a field of it.
        form.add_error("new_skills", ProhibitNullCharactersValidator.message)
    if wait:
        upload = "your new photo" if request.FILES else ""
        form.add_error(None, form_rate_message(wait, upload=upload, account=True))
        return False
    if not (form.is_valid() and experiences.is_valid() and educations.is_valid()):
        return False
    data = form.cleaned_data
    try:
        profile_update(
            user=request.user, first_name=data["first_name"], last_name=data["last_name"], fields=data,
            skill_names=skill_names + data["new_skills"], experiences=_rows(experiences), educations=_rows(educations),
            avatar=data["avatar_upload"], remove_avatar=data["remove_avatar"],
        )  # fmt: skip
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return False
    return True


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HtmxHttpRequest) -> HttpResponse:
    profile = profile_get_or_create(user=request.user)
    form, experiences, educations, skill_names = _edit_forms(request, profile)
    # Only saved edits count; a limited one gets the page back with everything typed.
    rate = form_budget("profiles.edit", "PROFILES_WRITE_RATE", key="user")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST":
        if _save(request, form, experiences, educations, skill_names, wait=wait):
            form_rate_count(request, **rate)
            messages.success(request, "Your profile is saved.")
            return redirect("profiles:edit")
        profile = Profile.objects.get(pk=profile.pk)  # the meter shows what is saved
    context = {
        "profile": profile,
        "form": form,
        "experiences": experiences,
        "educations": educations,
        "formsets": (experiences, educations),  # their errors join the page's error summary
        "skill_names": skill_names,
        "completeness": selectors.profile_completeness(profile=profile),
    }
    return render(request, "profiles/profile_edit.html", context, status=429 if wait else 200)


@login_required
@require_safe
def skill_search(request: HtmxHttpRequest) -> HttpResponse:
    query = request.GET.get("new_skills", "").split(",")[-1].strip()[:50]
    skills = selectors.skill_search(query=query)
    exact = any(skill.key == skill_key(query) for skill in skills)
    return render(
        request,
        "profiles/profile_edit.html#skill-suggestions",
        {"query": query, "skills": skills, "exact": exact},
    )


@login_required
@require_safe
def skill_chip(request: HtmxHttpRequest) -> HttpResponse:
    name = " ".join(request.GET.get("name", "").split())[:50]
    if not skill_key(name):
        return HttpResponse(status=204)
    return render(request, "profiles/profile_edit.html#skill-chip-added", {"name": name})


@login_required
@require_safe
def timeline_row_add(request: HtmxHttpRequest, kind: str) -> HttpResponse:
    if kind not in TIMELINE:
        raise Http404
    try:
        index = max(0, min(int(request.GET.get(f"{kind}-TOTAL_FORMS", "0")), 29))
    except ValueError:
        index = 0
    label, form_class = TIMELINE[kind]
    row = form_class(prefix=f"{kind}-{index}", use_required_attribute=False)
    return render(
        request,
        "profiles/profile_edit.html#timeline-row-added",
        {"row": row, "kind": kind, "label": label, "total": index + 1},
    )


@login_required
@require_safe
def timeline_row_remove(request: HtmxHttpRequest) -> HttpResponse:
    match = _ROW_PREFIX.match(request.GET.get("prefix", ""))
    if not match:
        raise Http404
    prefix = match.group(0)
    row_id = request.GET.get(f"{prefix}-id", "")
    context = {"prefix": prefix, "row_id": row_id if row_id.isdigit() else ""}
    return render(request, "profiles/profile_edit.html#timeline-row-removed", context)


@require_safe
def leaderboard(request: HtmxHttpRequest) -> HttpResponse:
    period = "month" if request.GET.get("period") == "month" else "all"
    rows = selectors.leaderboard_month() if period == "month" else selectors.leaderboard_all_time()
    page = paginate(request, rows, per_page=50)
    if period == "month":
        page.object_list = selectors.with_avatar_urls(list(page.object_list))
    return render_page(
        request, "profiles/leaderboard.html", {"page_obj": page, "period": period}, partial="board"
    )
