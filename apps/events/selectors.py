"""Reads for events: access helpers, staff lists, dashboard counts and charts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import CharField, Count, Q, QuerySet, Value
from django.db.models.functions import TruncDate
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from apps.events.choices import (
    PARTICIPANT_CATEGORY_CHOICES,
)
from apps.events.models import (
    KIND_OPEN_FLAGS,
    KIND_PLURALS,
    SUBMISSION_MODELS,
    Event,
    Registration,
    Status,
    Submission,
)
from apps.events.tokens import confirm_token_load, status_token_load

# Columns searched by the staff lists, per form.
SEARCH_FIELDS = {
    "registration": ["first_name", "last_name", "email", "phone", "organization_name", "ticket_code"],
    "sponsor": ["org_name", "contact_person_name", "contact_email", "contact_phone"],
    "exhibitor": ["business_name", "contact_person_name", "contact_email", "contact_phone"],
    "volunteer": ["full_name", "email", "phone", "location"],
}


def event_list_upcoming(*, limit: int = 3) -> list[Event]:
    """For the home page: the next published events, soonest first (one query)."""
    return list(Event.objects.upcoming()[:limit])


def event_get_published(*, slug: str) -> Event:
    return get_object_or_404(Event.objects.published(), slug=slug)


def event_get_for_staff(*, slug: str) -> Event:
    return get_object_or_404(Event, slug=slug)


def check_in_counts(*, event: Event) -> dict[str, int]:
    """Confirmed tickets and how many of them were let in, for the check-in counter."""
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).aggregate(
        confirmed=Count("pk"), checked_in=Count("pk", filter=Q(checked_in_at__isnull=False))
    )


def kind_check(kind: str) -> str:
    if kind not in SUBMISSION_MODELS:
        raise Http404("No such form.")
    return kind


def event_form_is_open(event: Event, kind: str) -> bool:
    return event.is_published and event.accepting_submissions and getattr(event, KIND_OPEN_FLAGS[kind])


def _submission_by_token(kind: str, token_uuid) -> Submission:
    if kind not in SUBMISSION_MODELS:
        raise Http404
    model = SUBMISSION_MODELS[kind]
    submission = model.objects.select_related("event").filter(token=token_uuid).first()
    if submission is None:
        raise Http404("This link no longer leads anywhere.")
    return submission


def submission_get_for_confirm(*, token: str) -> Submission:
    """The submission a confirmation link names; LinkExpired / LinkInvalid / Http404."""
    kind, token_uuid = confirm_token_load(token)
    return _submission_by_token(kind, token_uuid)


def submission_get_for_status(*, token: str) -> Submission:
    """The submission a private status link names (the link is the only credential)."""
    kind, token_uuid = status_token_load(token)
    return _submission_by_token(kind, token_uuid)


def submission_get_for_staff(*, kind: str, pk: int, event: Event) -> Submission:
    model = SUBMISSION_MODELS[kind_check(kind)]
    return get_object_or_404(model.objects.select_related("event", "decided_by"), pk=pk, event=event)


def submissions_for_staff(*, event: Event, kind: str, status: str = "", q: str = "") -> QuerySet:
    model = SUBMISSION_MODELS[kind]
    queryset = model.objects.filter(event=event).order_by("-created_at", "-pk")
    if status:
        queryset = queryset.filter(status=status)
    if q:
        condition = Q()
        for field in SEARCH_FIELDS[kind]:
            condition |= Q(**{f"{field}__icontains": q})
        queryset = queryset.filter(condition)
    return queryset


# --- Timeline -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    label: str
    done: bool
    current: bool = False
    tone: str = ""


def submission_timeline(submission: Submission, *, position: int | None = None) -> list[Step]:
    """Submitted → confirmed → (seat / waiting list) or (under review → decision)."""
    status = submission.status
    confirmed = status != Status.SUBMITTED
    steps = [Step("Submitted", True, status == Status.SUBMITTED), Step("Email confirmed", confirmed)]
    if isinstance(submission, Registration):
        if status == Status.WAITLISTED:
            steps.append(Step(f"On the waiting list (number {position})", True, True, "warning"))
        elif status == Status.CONFIRMED or submission.ticket_code:
            steps.append(
                Step("Seat confirmed: your ticket is ready", True, status == Status.CONFIRMED, "success")
            )
        else:
            steps.append(Step("Seat or waiting list", False))
    else:
        # Review is done only once there is a decision; until then it is the step in progress.
        steps.append(
            Step(
                "Under review",
                status in (Status.APPROVED, Status.REJECTED),
                status in (Status.CONFIRMED, Status.UNDER_REVIEW),
            )
        )
        if status == Status.APPROVED:
            steps.append(Step("Approved", True, True, "success"))
        elif status == Status.REJECTED:
            steps.append(Step("Not accepted this time", True, True, "danger"))
        else:
            steps.append(Step("Decision", False))
    if status == Status.CANCELLED:
        steps.append(Step("Cancelled", True, True, "danger"))
    return steps


# --- Staff dashboard ------------------------------------------------------------------------


def _stats_rows(event: Event) -> list[dict]:
    """(kind, status, day, n) for all four forms in one query: a UNION of grouped counts."""
    querysets = [
        model.objects.filter(event=event)
        .annotate(kind=Value(kind, output_field=CharField()), day=TruncDate("created_at"))
        .values("kind", "status", "day")
        .annotate(n=Count("pk"))
        .order_by()
        for kind, model in SUBMISSION_MODELS.items()
    ]
    return list(querysets[0].union(*querysets[1:], all=True))


def event_stats(*, event: Event, days: int = 30) -> tuple[list[dict], list[Bar]]:
    """Counts per form and status, and submissions per day over the last `days` days."""
    rows = _stats_rows(event)
    by_kind: dict[str, Counter[str]] = {kind: Counter() for kind in SUBMISSION_MODELS}
    per_day: Counter[date] = Counter()
    for row in rows:
        by_kind[row["kind"]][row["status"]] += row["n"]
        day = row["day"]
        if isinstance(day, str):
            day = date.fromisoformat(day)
        per_day[day] += row["n"]
    counts = [
        {
            "kind": kind,
            "label": KIND_PLURALS[kind],
            "total": sum(by_kind[kind].values()),
            "statuses": [
                (status.label, status.value, by_kind[kind][status.value])
                for status in Status
                if by_kind[kind][status.value]
            ],
        }
        for kind in SUBMISSION_MODELS
    ]
    return counts, _day_bars(per_day, days)


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    x: float
    y: float
    width: float
    height: float


CHART_WIDTH = 600
CHART_HEIGHT = 200


def _day_bars(per_day: Counter[date], days: int) -> list[Bar]:
    """Vertical bars: submissions to all four forms per day over the last `days` days."""
    today = timezone.localdate()
    start = today - timedelta(days=days - 1)
    window = [start + timedelta(days=index) for index in range(days)]
    peak = max((per_day.get(day, 0) for day in window), default=0) or 1
    slot = CHART_WIDTH / days
    bars = []
    for index, day in enumerate(window):
        count = per_day.get(day, 0)
        height = round(count / peak * (CHART_HEIGHT - 20), 1)
        bars.append(
            Bar(
                label=day.strftime("%d %b"),
                count=count,
                x=round(index * slot + 1, 1),
                y=round(CHART_HEIGHT - height, 1),
                width=round(slot - 2, 1),
                height=height,
            )
        )
    return bars


def attendee_categories(*, event: Event) -> list[Bar]:
    """Horizontal bars: how many registrations name each participant category."""
    counter: Counter[str] = Counter()
    rows = (
        Registration.objects.filter(event=event)
        .exclude(status=Status.CANCELLED)
        .values_list("participant_categories", flat=True)
    )
    for categories in rows.iterator(chunk_size=2000):
        counter.update(categories or [])
    peak = max(counter.values(), default=0) or 1
    bars = []
    row_height = 24
    for index, (value, label) in enumerate(PARTICIPANT_CATEGORY_CHOICES):
        count = counter.get(value, 0)
        bars.append(
            Bar(
                label=label,
                count=count,
                x=180,
                y=index * row_height,
                width=round(count / peak * (CHART_WIDTH - 240), 1),
                height=row_height - 6,
            )
        )
    return bars


def submission_initial(*, user, form_class) -> dict[str, str]:
    """What a public form starts with for a signed-in member: their name, email and city, from
    the account and (read only, through the user) the profile; only fields the form has."""
    if not user.is_authenticated:
        return {}
    full_name = user.get_full_name().strip()
    profile = getattr(user, "profile", None)  # a member may not have filled a profile yet
    location = getattr(profile, "location", "") or ""
    values = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "full_name": full_name,
        "contact_person_name": full_name,
        form_class._meta.model.EMAIL_FIELD: user.email,
        "city": location,
        "location": location,
    }
    return {name: value for name, value in values.items() if value and name in form_class.base_fields}
