"""What staff export from events (apps.exports): the submissions of one form of one event,
as the staff list showed them (status and search), one source per form ("events.sponsor")."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone

from apps.core.permissions import is_verified_staff
from apps.events.models import KIND_PLURALS, Event, Submission
from apps.events.selectors import submissions_for_staff
from apps.exports.sources import Source
from apps.exports.writers import BATCH


def export_columns(kind: str) -> list[str]:
    from apps.events.forms import FORM_CLASSES

    form_fields = list(FORM_CLASSES[kind]._meta.fields)
    extra = ["ticket_code", "checked_in_at"] if kind == "registration" else ["decision_note", "decided_at"]
    return ["id", "status", "created_at", "confirmed_at", *form_fields, *extra]


def cell_value(submission: Submission, column: str) -> str | int | bool | None:
    """One column of one submission as a person reads it: choice labels, lists joined with
    "; ", local times. (The export's writer defuses text a spreadsheet would run.)"""
    value = getattr(submission, column)
    if column == "status":
        return submission.get_status_display()
    if hasattr(value, "isoformat"):
        return (
            timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
            if hasattr(value, "tzinfo")
            else value.isoformat()
        )
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    field = submission._meta.get_field(column) if column != "id" else None
    if field is not None and field.choices and value:
        value = dict(field.choices).get(value, value)
    return value


def export_params(*, event: Event, status: str = "", q: str = "") -> dict:
    return {"event": event.pk, "status": status, "q": q}


class SubmissionSource(Source):
    """params: {"event": <id>, "status": <status or "">, "q": <search or "">}."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def _queryset(self, params: dict):
        event = Event.objects.get(pk=params["event"])
        return submissions_for_staff(
            event=event, kind=self.kind, status=params.get("status", ""), q=params.get("q", "")
        ).order_by("pk")

    def title(self, params: dict) -> str:
        return KIND_PLURALS[self.kind].lower()

    def file_stem(self, params: dict) -> str:
        return self.kind

    def columns(self, params: dict) -> list[str]:
        return export_columns(self.kind)

    def rows(self, params: dict) -> Iterator[list]:
        columns = export_columns(self.kind)
        for submission in self._queryset(params).iterator(chunk_size=BATCH):
            yield [cell_value(submission, column) for column in columns]

    def count(self, params: dict) -> int:
        return self._queryset(params).count()

    def can_read(self, user, params: dict) -> bool:
        return is_verified_staff(user)

    def back_url(self, params: dict) -> str:
        event = Event.objects.filter(pk=params["event"]).only("slug").first()
        if event is None:
            return reverse("events_staff:event-list")
        return reverse("events_staff:submission-list", kwargs={"slug": event.slug, "kind": self.kind})

    def back_label(self, params: dict) -> str:
        name = Event.objects.filter(pk=params["event"]).values_list("name", flat=True).first()
        if name is None:
            return "Events"
        return f"{name}: {self.title(params)}"


SOURCES = {f"events.{kind}": SubmissionSource(kind) for kind in KIND_PLURALS}
