"""Public event pages, the four forms, confirmation links and the private status page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit
from django_ratelimit.exceptions import Ratelimited

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.pagecache import cache_page
from apps.core.qr import qr_make
from apps.core.rates import setting_rate
from apps.events import selectors, services
from apps.events.forms import FORM_CLASSES, edit_form_class
from apps.events.models import KIND_LABELS, KIND_TITLES, Event, Registration, Status
from apps.events.tokens import LinkExpired, LinkInvalid, status_token

# URL segment of each form under /events/<slug>/.
FORM_SEGMENTS = {
    "registration": "register",
    "sponsor": "sponsor",
    "exhibitor": "exhibit",
    "volunteer": "volunteer",
}


def _open_forms(event: Event) -> list[dict]:
    return [
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "url": reverse(f"events:{kind}-create", kwargs={"slug": event.slug}),
        }
        for kind in FORM_SEGMENTS
        if selectors.event_form_is_open(event, kind)
    ]


@require_safe
def event_list(request: HtmxHttpRequest) -> HttpResponse:
    context = {"upcoming": list(Event.objects.upcoming()[:50]), "past": list(Event.objects.past()[:20])}
    return render(request, "events/event_list.html", context)


@require_safe
@cache_page("events.event")
def event_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_published(slug=slug)
    return render(request, "events/event_detail.html", {"event": event, "open_forms": _open_forms(event)})


def _form_context(event: Event, kind: str, form) -> dict:
    return {
        "event": event,
        "kind": kind,
        "title": KIND_TITLES[kind],
        "form": form,
        "sections": _sections(form),
    }


def _sections(form) -> list[tuple[str, list]]:
    return [(title, [form[name] for name in names if name in form.fields]) for title, names in form.SECTIONS]


def _check_rate(request: HtmxHttpRequest, group: str, setting: str) -> None:
    if is_ratelimited(
        request, group=group, key="ip", rate=setting_rate(setting), method="POST", increment=True
    ):
        raise Ratelimited


@require_http_methods(["GET", "POST"])
def submission_create(request: HtmxHttpRequest, slug: str, kind: str) -> HttpResponse:
    event = selectors.event_get_published(slug=slug)
    if not selectors.event_form_is_open(event, kind):
        return render(request, "events/form_closed.html", {"event": event, "title": KIND_TITLES[kind]})
    form_class = FORM_CLASSES[kind]
    field = request.POST.get("_validate", "") if request.htmx else ""
    if field:
        return _validate_field(request, event, kind, field)
    if request.method == "GET":
        initial = selectors.submission_initial(user=request.user, form_class=form_class)
        form = form_class(event=event, initial=initial)
        context = _form_context(event, kind, form)
        if not initial:
            # A visitor's blank form is the same for everyone until the event is edited (its
            # tiers, packages, dates): the fields, most of the page's cost, are drawn once.
            # A member's form carries their name and email, so it is drawn each time.
            context["fields_cache_key"] = f"{kind}:{event.pk}:{event.updated_at.isoformat()}"
        return render(request, "events/submission_form.html", context)
    # Only accepted submissions count; a limited one gets the form back as it was typed.
    rate = form_budget(f"events.submit.{kind}", "EVENTS_FORM_RATE")
    wait = form_rate_wait(request, **rate)
    form = form_class(request.POST, event=event)
    if form.is_valid() and not wait:
        if not form.is_spam:
            services.submission_submit(kind=kind, event=event, data=form.submission_data)
            form_rate_count(request, **rate)
        url = reverse(f"events:{kind}-sent", kwargs={"slug": event.slug})
        return redirect_after_post(request, url)
    context = _form_context(event, kind, form) | {"rate_message": form_rate_message(wait) if wait else ""}
    return render_page(
        request,
        "events/submission_form.html",
        context,
        partial="submission-form",
        status=429 if wait else 200,
    )


def _validate_field(request: HtmxHttpRequest, event: Event, kind: str, name: str) -> HttpResponse:
    """Inline check of one field when the person leaves it: answers that field's partial."""
    _check_rate(request, "events.validate", "EVENTS_VALIDATE_RATE")
    form = FORM_CLASSES[kind](request.POST, event=event, validating=True)
    if name not in form.INLINE_FIELDS or name not in form.fields:
        return HttpResponse(status=204)
    form.is_valid()
    return render(
        request, "events/submission_form.html#form-field", {"form": form, "field": form[name], "inline": True}
    )


@require_safe
def submission_sent(request: HtmxHttpRequest, slug: str, kind: str) -> HttpResponse:
    event = selectors.event_get_published(slug=slug)
    return render(request, "events/submission_sent.html", {"event": event, "title": KIND_TITLES[kind]})


@private_page
@ratelimit(key="ip", rate=setting_rate("EVENTS_LINK_RATE"), method="POST", block=True)
@require_http_methods(["GET", "POST"])
def submission_confirm(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """GET shows a Confirm button (mail scanners follow links); only the POST confirms."""
    try:
        submission = selectors.submission_get_for_confirm(token=token)
    except LinkExpired:
        return render(request, "events/link_expired.html", status=410)
    except LinkInvalid as exc:
        raise Http404("This link is not valid.") from exc
    if request.method == "POST":
        submission = services.submission_confirm(submission=submission)
        return redirect("events:status", token=status_token(submission))
    context = {"submission": submission, "event": submission.event, "title": KIND_TITLES[submission.KIND]}
    return render(request, "events/confirm.html", context)


def _status_submission(token: str):
    try:
        return selectors.submission_get_for_status(token=token)
    except (LinkExpired, LinkInvalid) as exc:
        raise Http404("This link is not valid.") from exc


@private_page
@require_safe
def submission_status(request: HtmxHttpRequest, token: str) -> HttpResponse:
    submission = _status_submission(token)
    position = services.waitlist_position(submission) if isinstance(submission, Registration) else None
    context = {
        "submission": submission,
        "event": submission.event,
        "token": token,
        "title": KIND_TITLES[submission.KIND],
        "position": position,
        "timeline": selectors.submission_timeline(submission, position=position),
        "can_change": submission.status not in (Status.CANCELLED, Status.REJECTED)
        and not submission.event.is_past,
    }
    return render(request, "events/status.html", context)


@private_page
@require_http_methods(["GET", "POST"])
def submission_edit(request: HtmxHttpRequest, token: str) -> HttpResponse:
    submission = _status_submission(token)
    if submission.status == Status.CANCELLED or submission.event.is_past:
        return redirect("events:status", token=token)
    form_class = edit_form_class(type(submission))
    form = form_class(request.POST or None, instance=submission)
    rate = form_budget("events.edit", "EVENTS_LINK_RATE")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid() and not wait:
        services.submission_update(submission=submission, data=form.cleaned_data)
        form_rate_count(request, **rate)
        messages.success(request, "Your details are updated.")
        url = reverse("events:status", kwargs={"token": token})
        return redirect_after_post(request, url)
    context = {"submission": submission, "event": submission.event, "token": token, "form": form}
    context["rate_message"] = form_rate_message(wait) if wait else ""
    return render_page(
        request, "events/status_edit.html", context, partial="edit-form", status=429 if wait else 200
    )


@ratelimit(key="ip", rate=setting_rate("EVENTS_LINK_RATE"), method="POST", block=True)
@require_POST
def submission_cancel(request: HtmxHttpRequest, token: str) -> HttpResponse:
    submission = _status_submission(token)
    services.submission_cancel(submission=submission)
    messages.success(request, "Your place is cancelled. Thank you for letting us know.")
    return redirect("events:status", token=token)


@ratelimit(key="ip", rate=setting_rate("EVENTS_LINK_RATE"), method="POST", block=True)
@require_POST
def submission_delete(request: HtmxHttpRequest, token: str) -> HttpResponse:
    submission = _status_submission(token)
    event = submission.event
    services.submission_erase(submission=submission)
    return render(request, "events/deleted.html", {"event": event})


@private_page
@require_safe
def ticket(request: HtmxHttpRequest, token: str) -> HttpResponse:
    submission = _status_submission(token)
    if not isinstance(submission, Registration) or submission.status != Status.CONFIRMED:
        return redirect("events:status", token=token)
    return render(
        request,
        "events/ticket.html",
        {
            "registration": submission,
            "event": submission.event,
            "token": token,
            "qr_svg": ticket_qr_svg(submission.ticket_code),
        },
    )


def ticket_qr_svg(code: str) -> str:
    """segno's inline SVG: attributes only (no style="", which the CSP would block)."""
    svg = qr_make(code).svg_inline(
        scale=6,
        border=2,
        dark="#000",
        light="#fff",
        svgclass="h-auto w-full max-w-64",
        lineclass=None,
        omitsize=True,
        title=f"Ticket {code}",
    )
    if " style=" in svg:
        raise ValueError("segno emitted a style attribute")
    return mark_safe(svg)
