"""Mentor pages: find a mentor, volunteer as one, requests and mentorships, sessions."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.mentorship import selectors, services, times
from apps.mentorship.forms import (
    BookForm,
    CancelForm,
    DeclineForm,
    EndForm,
    FindForm,
    MentorForm,
    NoteForm,
    RequestForm,
    RescheduleForm,
    SlotForm,
)
from apps.mentorship.models import AvailabilitySlot, Mentorship

WRITE_RATE = setting_rate("MENTORSHIP_WRITE_RATE")


def _slot_choices(occurrences, tz_name: str) -> list[dict]:
    """The bookable times as the viewer reads them, in their own zone."""
    return [{"value": o.value, "start": times.local(o.starts_at, tz_name), "minutes": int((o.ends_at - o.starts_at).total_seconds() // 60)}
            for o in occurrences]  # fmt: skip


# --- Finding a mentor ------------------------------------------------------------------------


@require_safe
def mentor_list(request: HtmxHttpRequest) -> HttpResponse:
    tz_name = selectors.member_time_zone(request.user)
    form = FindForm(request.GET or None, initial={"tz": tz_name})
    ask = form.to_ask(default_tz=tz_name)
    page = paginate(request, selectors.mentor_suggestions(ask=ask, viewer=request.user))
    context = {"form": form, "page_obj": page, "ask": ask, "viewer_tz": ask.time_zone}
    return render_page(request, "mentorship/mentor_list.html", context, partial="results")


@require_safe
def mentor_detail(request: HtmxHttpRequest, handle: str) -> HttpResponse:
    mentor = selectors.mentor_get(handle=handle)
    return render_page(request, "mentorship/mentor_detail.html", _detail_context(request, mentor))


def _detail_context(request, mentor, form=None) -> dict:
    tz_name = selectors.member_time_zone(request.user)
    now = timezone.now()
    week = times.slot_occurrences(slots=mentor.slots.all(), tz_name=mentor.time_zone, start=now,
                                  end=now + timedelta(days=7))  # fmt: skip
    return {
        "mentor": mentor,
        "viewer_tz": tz_name,
        "week": _slot_choices(week, tz_name),
        "form": form or RequestForm(initial={"time_zone": tz_name}),
        "is_self": request.user.is_authenticated and request.user.pk == mentor.user_id,
    }


@private_page
@login_required
@require_POST
def mentor_request(request: HtmxHttpRequest, handle: str) -> HttpResponse:
    mentor = selectors.mentor_get(handle=handle)
    form = RequestForm(request.POST)
    rate = form_budget("mentorship.request", "MENTORSHIP_REQUEST_RATE", key="user")
    wait = form_rate_wait(request, **rate)
    if form.is_valid() and not wait:
        try:
            mentorship = services.mentorship_request(mentee=request.user, mentor=mentor, data=form.to_data())
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            form_rate_count(request, **rate)
            messages.success(request, "Request sent. We will tell you as soon as they answer.")
            return redirect("mentorship:mentorship-detail", pk=mentorship.pk)
    if wait:
        form.add_error(None, form_rate_message(wait, account=True))
    context = _detail_context(request, mentor, form)
    return render_page(request, "mentorship/mentor_detail.html", context, status=429 if wait else 200)


# --- Volunteering ----------------------------------------------------------------------------


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def mentor_edit(request: HtmxHttpRequest) -> HttpResponse:
    mentor = selectors.mentor_profile_of(request.user)
    rate = form_budget("mentorship.mentor-edit", "MENTORSHIP_WRITE_RATE", key="user")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST":
        form = MentorForm(request.POST)
        if form.is_valid() and not wait:
            try:
                services.mentor_profile_save(user=request.user, data=form.to_data())
            except ValidationError as exc:
                form_add_service_errors(form, exc)
            else:
                form_rate_count(request, **rate)
                messages.success(request, "Your mentor profile is saved. Add the times you can meet below.")
                return redirect("mentorship:mentor-edit")
        if wait:
            form.add_error(None, form_rate_message(wait, account=True))
    elif mentor is not None:
        form = MentorForm(initial=MentorForm.initial_for(mentor))
    else:
        form = MentorForm(initial={"time_zone": selectors.member_time_zone(request.user)})
    context = {"form": form, "mentor": mentor, "slot_form": SlotForm()}
    return render_page(request, "mentorship/mentor_edit.html", context, status=429 if wait else 200)


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def slot_add(request: HtmxHttpRequest) -> HttpResponse:
    mentor = selectors.mentor_profile_of(request.user)
    if mentor is None:
        messages.error(request, "Save your mentor profile first.")
        return redirect("mentorship:mentor-edit")
    slot_form = SlotForm(request.POST)
    if slot_form.is_valid():
        try:
            services.slot_add(mentor=mentor, **slot_form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(slot_form, exc)
        else:
            messages.success(request, "Time added.")
            return redirect_after_post(request, "mentorship:mentor-edit")
    context = {
        "form": MentorForm(initial=MentorForm.initial_for(mentor)),
        "mentor": mentor,
        "slot_form": slot_form,
    }
    return render_page(request, "mentorship/mentor_edit.html", context)


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def slot_remove(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    slot = AvailabilitySlot.objects.filter(pk=min(pk, selectors.MAX_ID), mentor__user=request.user).first()
    if slot is not None:
        services.slot_remove(slot=slot)
        messages.success(request, "Time removed. Sessions already booked at it stay booked.")
    return redirect_after_post(request, "mentorship:mentor-edit")


# --- My mentorships --------------------------------------------------------------------------


@private_page
@login_required
@require_safe
def mine(request: HtmxHttpRequest) -> HttpResponse:
    """Three lists, each paged on its own query parameter (?sessions=, ?mentors=, ?mentees=),
    so moving through one keeps the others where they were."""
    user = request.user
    context = {
        "viewer_tz": selectors.member_time_zone(user),
        "upcoming": _paged(request, selectors.sessions_upcoming(user=user), "sessions"),
        "as_mentee": _paged(request, selectors.mentorships_as_mentee(user=user), "mentors"),
        "as_mentor": _paged(request, selectors.mentorships_as_mentor(user=user), "mentees"),
        "mentor": selectors.mentor_profile_of(user, slots=False),  # its capacity, not its times
    }
    return render_page(request, "mentorship/mine.html", context)


MINE_PER_PAGE = 20


def _paged(request: HtmxHttpRequest, queryset, param: str):
    """One page of one list, with the links to its neighbours (the other lists' pages kept)."""
    page = paginate(request, queryset, per_page=MINE_PER_PAGE, param=param)

    def link(number: int) -> str:
        query = request.GET.copy()
        query[param] = str(number)
        return f"?{query.urlencode()}#{param}"

    page.previous_url = link(page.previous_page_number()) if page.has_previous() else ""
    page.next_url = link(page.next_page_number()) if page.has_next() else ""
    return page


def _mentorship_context(request, mentorship: Mentorship, **forms) -> dict:
    tz_name = selectors.member_time_zone(request.user)
    is_mentor = mentorship.mentor.user_id == request.user.pk
    return {
        "mentorship": mentorship,
        "is_mentor": is_mentor,
        "other": mentorship.mentee if is_mentor else mentorship.mentor.user,
        "viewer_tz": tz_name,
        "bookable": _slot_choices(services.bookable(mentorship=mentorship), tz_name)
        if mentorship.is_running
        else [],
        "sessions": list(selectors.sessions_of(mentorship=mentorship)),
        "shared_reflections": selectors.shared_reflections(mentorship=mentorship) if is_mentor else [],
        "book_form": forms.get("book_form") or BookForm(),
        "end_form": EndForm(),
        "decline_form": DeclineForm(),
    }


@private_page
@login_required
@require_safe
def mentorship_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    mentorship = selectors.mentorship_get_for_party(user=request.user, pk=pk)
    return render_page(request, "mentorship/mentorship_detail.html", _mentorship_context(request, mentorship))


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def mentorship_action(request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
    """Accept, decline, withdraw, confirm after the trial, or end: each a button."""
    mentorship = selectors.mentorship_get_for_party(user=request.user, pk=pk)
    user = request.user
    done = {
        "accept": (lambda: services.mentorship_accept(mentorship=mentorship, by=user), "Accepted. Welcome your new mentee."),
        "decline": (lambda: services.mentorship_decline(mentorship=mentorship, by=user,
                                                        reason=request.POST.get("reason", "")[:500]),
                    "Declined, kindly. They were told."),
        "withdraw": (lambda: services.mentorship_withdraw(mentorship=mentorship, by=user), "Request withdrawn."),
        "primary": (lambda: services.mentorship_set_primary(mentorship=mentorship, by=user),
                    "This is now your primary mentor; the others are secondary."),
        "continue": (lambda: services.mentorship_continue(mentorship=mentorship, by=user), "The mentorship carries on."),
        "end": (lambda: services.mentorship_end(mentorship=mentorship, by=user, note=request.POST.get("note", "")[:500]),
                "The mentorship has ended. Thank you."),
    }  # fmt: skip
    if action not in done:
        raise Http404
    call, success = done[action]
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, success)
    return redirect_after_post(request, "mentorship:mentorship-detail", pk=mentorship.pk)


# --- Sessions --------------------------------------------------------------------------------


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def session_book(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    mentorship = selectors.mentorship_get_for_party(user=request.user, pk=pk)
    form = BookForm(request.POST)
    if form.is_valid():
        try:
            session = services.session_book(
                mentorship=mentorship, by=request.user, starts_at=form.cleaned_data["starts_at"],
                agenda=form.cleaned_data["agenda"],
            )  # fmt: skip
        except ValidationError as exc:
            form_add_service_errors(form, exc, field="starts_at")
        else:
            messages.success(request, "Booked. The calendar invite is in your email.")
            return redirect_after_post(request, "mentorship:session-detail", pk=session.pk)
    context = _mentorship_context(request, mentorship, book_form=form)
    return render_page(request, "mentorship/mentorship_detail.html", context)


def _session_context(request, session, **forms) -> dict:
    tz_name = selectors.member_time_zone(request.user)
    is_mentee = session.mentee_id == request.user.pk
    context = {
        "session": session,
        "is_mentee": is_mentee,
        "viewer_tz": tz_name,
        "start": times.local(session.starts_at, tz_name),
        "end": times.local(session.ends_at, tz_name),
        "note_form": forms.get("note_form")
        or NoteForm(
            initial={
                "note": session.mentee_note if is_mentee else session.mentor_note,
                "rating": session.rating,
            }
        ),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "reschedule_form": forms.get("reschedule_form") or RescheduleForm(),
        "bookable": [],
        "change_deadline": times.local(services.change_deadline(session), tz_name),
        "notice_hours": settings.MENTORSHIP_CANCEL_NOTICE_HOURS,
    }
    if session.is_booked and not session.is_past:
        context["bookable"] = _slot_choices(services.bookable(mentorship=session.mentorship), tz_name)
    return context


@private_page
@login_required
@require_safe
def session_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_party(user=request.user, pk=pk)
    return render_page(request, "mentorship/session_detail.html", _session_context(request, session))


@private_page
@login_required
@require_safe
def session_ics(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_party(user=request.user, pk=pk)
    response = HttpResponse(
        services.session_ics(session, cancelled=not session.is_booked),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def session_cancel(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_party(user=request.user, pk=pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.session_cancel(session=session, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Cancelled. We told the other side.")
            return redirect_after_post(request, "mentorship:session-detail", pk=session.pk)
    context = _session_context(request, session, cancel_form=form)
    return render_page(request, "mentorship/session_detail.html", context)


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def session_reschedule(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_party(user=request.user, pk=pk)
    form = RescheduleForm(request.POST)
    if form.is_valid():
        try:
            new = services.session_reschedule(
                session=session, by=request.user, starts_at=form.cleaned_data["starts_at"],
                reason=form.cleaned_data["reason"],
            )  # fmt: skip
        except ValidationError as exc:
            form_add_service_errors(form, exc, field="starts_at")
        else:
            messages.success(request, "Moved. We sent both of you the new invite.")
            return redirect_after_post(request, "mentorship:session-detail", pk=new.pk)
    context = _session_context(request, session, reschedule_form=form)
    return render_page(request, "mentorship/session_detail.html", context)


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def session_note(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_for_party(user=request.user, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        rating = form.cleaned_data["rating"] if session.mentee_id == request.user.pk else None
        try:
            services.session_note(
                session=session, by=request.user, note=form.cleaned_data["note"], rating=rating
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect_after_post(request, "mentorship:session-detail", pk=session.pk)
    context = _session_context(request, session, note_form=form)
    return render_page(request, "mentorship/session_detail.html", context)
