"""Staff pages for events (two-factor only): dashboard, lists, decisions, exports, check-in."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from apps.core.decorators import staff_required
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.pagination import paginate
from apps.core.service_errors import message_service_error
from apps.events import selectors, services
from apps.events.exports import cell_value, export_columns, export_params
from apps.events.forms import CheckInForm, DecisionForm, ExportForm, StaffFilterForm
from apps.events.models import KIND_PLURALS, KIND_TITLES, Event, Status
from apps.exports.services import export_start

PER_PAGE = 50


@staff_required
@require_safe
def event_list(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request, "events/staff/event_list.html", {"events": Event.objects.order_by("-starts_at")[:100]}
    )


@staff_required
@require_safe
def dashboard(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_staff(slug=slug)
    counts, per_day = selectors.event_stats(event=event)
    categories = selectors.attendee_categories(event=event)
    context = {
        "event": event,
        "counts": counts,
        "per_day": per_day,
        "per_day_total": sum(bar.count for bar in per_day),
        "categories": categories,
        "categories_height": len(categories) * 24,
        "kinds": KIND_PLURALS,
    }
    return render(request, "events/staff/dashboard.html", context)


@staff_required
@require_safe
def submission_list(request: HtmxHttpRequest, slug: str, kind: str) -> HttpResponse:
    event = selectors.event_get_for_staff(slug=slug)
    selectors.kind_check(kind)
    filters = StaffFilterForm(request.GET)
    filters.is_valid()
    status, q = filters.cleaned_data.get("status", ""), filters.cleaned_data.get("q", "")
    queryset = selectors.submissions_for_staff(event=event, kind=kind, status=status, q=q)
    page = paginate(request, queryset, per_page=PER_PAGE)
    context = {
        "event": event,
        "kind": kind,
        "title": KIND_PLURALS[kind],
        "filters": filters,
        "page_obj": page,
        "export_form": ExportForm(initial={"status": status}),
        "decidable": kind != "registration",
    }
    return render_page(request, "events/staff/submission_list.html", context, partial="results")


@staff_required
@require_safe
def submission_detail(request: HtmxHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    event = selectors.event_get_for_staff(slug=slug)
    submission = selectors.submission_get_for_staff(kind=kind, pk=pk, event=event)
    context = {
        "event": event,
        "kind": kind,
        "title": KIND_TITLES[kind],
        "submission": submission,
        "rows": _detail_rows(submission),
        "decision_form": DecisionForm(initial={"note": submission.decision_note}),
        "decidable": kind != "registration"
        and submission.status in (Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED),
    }
    return render(request, "events/staff/submission_detail.html", context)


def _detail_rows(submission) -> list[tuple[str, object]]:
    return [
        (
            submission._meta.get_field(column).verbose_name.capitalize() if column != "id" else "ID",
            cell_value(submission, column),
        )
        for column in export_columns(submission.KIND)
    ]


@staff_required
@require_POST
def submission_decide(request: HtmxHttpRequest, slug: str, kind: str, pk: int) -> HttpResponse:
    event = selectors.event_get_for_staff(slug=slug)
    submission = selectors.submission_get_for_staff(kind=kind, pk=pk, event=event)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or reject.")
    else:
        try:
            services.submission_decide(
                submission=submission,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
            messages.success(
                request,
                f"{submission.display_name}: {Status(form.cleaned_data['decision']).label.lower()}, applicant emailed.",
            )
        except services.DecisionNotAllowed as exc:
            message_service_error(request, exc)
    if request.POST.get("from") == "list":
        url = reverse("events_staff:submission-list", kwargs={"slug": slug, "kind": kind})
    else:
        url = reverse("events_staff:submission-detail", kwargs={"slug": slug, "kind": kind, "pk": pk})
    return redirect_after_post(request, url)


@staff_required
@require_POST
def export_create(request: HtmxHttpRequest, slug: str, kind: str) -> HttpResponse:
    event = selectors.event_get_for_staff(slug=slug)
    selectors.kind_check(kind)
    form = ExportForm(request.POST)
    if not form.is_valid():
        raise Http404("Unknown export format.")
    export = export_start(
        source=f"events.{kind}",
        params=export_params(event=event, status=form.cleaned_data["status"], q=form.cleaned_data["q"]),
        file_format=form.cleaned_data["format"],
        by=request.user,
    )
    return redirect_after_post(request, "exports:export-status", export.pk)


@staff_required
@require_http_methods(["GET", "POST"])
def check_in(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_get_for_staff(slug=slug)
    form = CheckInForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.ticket_check_in(event=event, code=form.cleaned_data["code"], by=request.user)
        form = CheckInForm()
    context = {"event": event, "form": form, "result": result, "posted": request.method == "POST"}
    context["counts"] = selectors.check_in_counts(event=event)
    # The counter refreshes on its own (live, or polled) without touching the form.
    partial = "counter" if request.GET.get("part") == "counter" else "check-in"
    return render_page(request, "events/staff/check_in.html", context, partial=partial)
