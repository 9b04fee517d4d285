"""Retention: unconfirmed submissions go after 7 days, events are anonymised after their
retention period, and a member's submissions are found by their email address."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from apps.events.models import SUBMISSION_MODELS, Event, Status, Submission

# What anonymising blanks on each form: everything that identifies or contacts a person.
ANONYMISED_FIELDS: dict[str, dict[str, str]] = {
    "registration": {
        "first_name": "Anonymised",
        "last_name": "",
        "phone": "",
        "organization_name": "",
        "role": "",
        "special_requests": "",
        "accessibility_needs": "",
    },
    "sponsor": {"contact_person_name": "Anonymised", "job_title": "", "contact_phone": "", "outcomes": ""},
    "exhibitor": {"contact_person_name": "Anonymised", "contact_phone": ""},
    "volunteer": {"full_name": "Anonymised", "phone": "", "location": "", "skills": "", "motivation": ""},
}


def submissions_purge_unconfirmed(*, now: datetime | None = None) -> int:
    """Delete submissions nobody confirmed within the confirmation window (counted from the
    last time a confirmation link was sent)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EVENTS_CONFIRM_MAX_AGE_DAYS)
    deleted = 0
    for model in SUBMISSION_MODELS.values():
        count, _ = model.objects.filter(status=Status.SUBMITTED, updated_at__lt=cutoff).delete()
        deleted += count
    return deleted


@transaction.atomic
def event_anonymise(*, event: Event) -> int:
    """Strip personal details from every submission to `event`, keeping the counts."""
    changed = 0
    for kind, model in SUBMISSION_MODELS.items():
        placeholder_email = Concat(
            Value("anonymised-"),
            Cast("pk", output_field=CharField()),
            Value("@example.invalid"),
            output_field=CharField(),
        )
        changed += model.objects.filter(event=event, anonymised=False).update(
            **ANONYMISED_FIELDS[kind],
            **{model.EMAIL_FIELD: placeholder_email},
            decision_note="",
            anonymised=True,
        )
    Event.objects.filter(pk=event.pk).update(anonymised_at=timezone.now())
    return changed


def events_anonymise_expired(*, now: datetime | None = None) -> int:
    """Anonymise every event whose retention period has passed."""
    now = now or timezone.now()
    changed = 0
    for event in Event.objects.filter(anonymised_at__isnull=True, ends_at__lt=now):
        if event.anonymise_after < now:
            changed += event_anonymise(event=event)
    return changed


def member_submissions(email: str) -> list[Submission]:
    email = (email or "").strip().lower()
    found: list[Submission] = []
    for model in SUBMISSION_MODELS.values():
        found.extend(model.objects.select_related("event").filter(**{model.EMAIL_FIELD: email}))
    return found
