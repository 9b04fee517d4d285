"""Writes for events: submit, confirm, seat or waitlist, cancel, decide, check in, erase.

Every service runs in one transaction and enqueues its emails through the outbox inside it,
so an email exists exactly when the change it reports was committed.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from apps.core import pagecache
from apps.core.live import publish
from apps.events.live import check_in_channel
from apps.events.models import (
    KIND_TITLES,
    SUBMISSION_MODELS,
    Event,
    Registration,
    Status,
    Submission,
)
from apps.events.tokens import confirm_token, status_token
from apps.mailer.services import email_enqueue
from apps.notifications.services import notify

logger = logging.getLogger(__name__)

TICKET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
TICKET_LENGTH = 10


class DecisionNotAllowed(Exception):
    pass


# --- Links and email context ----------------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def submission_links(submission: Submission) -> dict[str, str]:
    status = status_token(submission)
    return {
        "confirm_url": _absolute(reverse("events:confirm", kwargs={"token": confirm_token(submission)})),
        "status_url": _absolute(reverse("events:status", kwargs={"token": status})),
        "ticket_url": _absolute(reverse("events:ticket", kwargs={"token": status})),
    }


def _event_context(event: Event) -> dict[str, str]:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    when = date_format(start, "j F Y")
    if end.date() != start.date():
        when = f"{date_format(start, 'j F')} to {date_format(end, 'j F Y')}"
    return {
        "event_name": event.name,
        "event_when": f"{when}, from {date_format(start, 'H:i')}",
        "event_venue": f"{event.venue}, {event.city}",
        "event_url": _absolute(event.get_absolute_url()),
    }


def _email_context(submission: Submission, **extra) -> dict:
    return {
        "kind": submission.KIND,
        "kind_title": KIND_TITLES[submission.KIND],
        "name": submission.display_name,
        "status": submission.status,
        "status_label": Status(submission.status).label,
        **_event_context(submission.event),
        **submission_links(submission),
        **extra,
    }


def _key(submission: Submission, what: str) -> str:
    return f"events:{submission.KIND}:{submission.pk}:{what}"


def _ticket_context(registration: Registration) -> dict:
    return {"ticket_code": registration.ticket_code}


# --- Submitting -----------------------------------------------------------------------------


def submission_submit(*, kind: str, event: Event, data: dict) -> Submission:
    """Store a form submission and email the confirmation link.

    A second submission with the same email for the same event and form stores nothing new
    and sends the link again: the answer never reveals whether an address was known. Two
    identical submissions at the same moment meet at the unique constraint; the loser reads
    the winner's row.
    """
    model = SUBMISSION_MODELS[kind]
    data = {**data, model.EMAIL_FIELD: data[model.EMAIL_FIELD].strip().lower()}
    try:
        # A new row goes in with its first link already counted: one INSERT, no UPDATE, and
        # no savepoint (a duplicate rolls the whole block back before anything else ran).
        with transaction.atomic():
            submission = model.objects.create(event=event, confirm_sends=1, **data)
            _link_email(submission)
            _staff_notify_new(submission)
        return submission
    except IntegrityError:
        pass
    with transaction.atomic():
        submission = (
            model.objects.select_for_update()
            .select_related("event")
            .get(event=event, **{model.EMAIL_FIELD: data[model.EMAIL_FIELD]})
        )
        submission_send_link(submission=submission)
    return submission


@transaction.atomic
def submission_send_link(*, submission: Submission) -> None:
    """The confirmation email (or, once confirmed, the status link), one more time."""
    submission.confirm_sends += 1
    # A fresh link restarts the 7 days after which an unconfirmed submission is deleted.
    type(submission).objects.filter(pk=submission.pk).update(
        confirm_sends=F("confirm_sends") + 1, updated_at=timezone.now()
    )
    _link_email(submission)


def _link_email(submission: Submission) -> None:
    template = "events/confirm" if submission.status == Status.SUBMITTED else "events/status_link"
    email_enqueue(
        to=submission.email_address,
        template=template,
        context=_email_context(submission, max_age_days=settings.EVENTS_CONFIRM_MAX_AGE_DAYS),
        key=_key(submission, f"link:{submission.confirm_sends}"),
        related=submission,
    )


def _staff_notify_new(submission: Submission) -> None:
    if not settings.EVENTS_STAFF_EMAILS:
        return
    email_enqueue(
        to=list(settings.EVENTS_STAFF_EMAILS),
        template="events/staff_new_submission",
        context={
            **_event_context(submission.event),
            "kind_title": KIND_TITLES[submission.KIND],
            "name": submission.display_name,
            "email": submission.email_address,
            "staff_url": _absolute(
                reverse(
                    "events_staff:submission-detail",
                    kwargs={"slug": submission.event.slug, "kind": submission.KIND, "pk": submission.pk},
                )
            ),
        },
        key=_key(submission, "staff-new"),
        related=submission,
    )


# --- Confirming, seats and the waiting list ---------------------------------------------------


def _locked(submission: Submission) -> Submission:
    """The submission, row-locked. On PostgreSQL FOR UPDATE through the join locks the event
    row too, so seat and waiting-list changes for one event happen one at a time (a seat
    freed by a cancellation cannot slip past someone being put on the waiting list); the
    conditional UPDATE in _seat_claim guards the capacity on its own as well."""
    return type(submission).objects.select_for_update().select_related("event").get(pk=submission.pk)


def _seat_claim(event_id: int) -> bool:
    """Take one seat if any is left: one conditional UPDATE, so concurrent claims for the last
    seat cannot both succeed (PostgreSQL re-checks the condition after waiting on the row lock)."""
    claimed = (
        Event.objects.filter(pk=event_id)
        .filter(Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity")))
        .update(seats_taken=F("seats_taken") + 1)
        == 1
    )
    if claimed:
        pagecache.bump("events.event")  # the event page shows the seats left
    return claimed


def _seat_release(event_id: int) -> None:
    if Event.objects.filter(pk=event_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1):
        pagecache.bump("events.event")


def _ticket_code_new() -> str:
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_LENGTH))


def _seat_give(registration: Registration, *, template: str) -> None:
    registration.status = Status.CONFIRMED
    for attempt in range(5):
        registration.ticket_code = _ticket_code_new()
        try:
            # A savepoint: a (very unlikely) duplicate code must not spoil the transaction.
            with transaction.atomic():
                registration.save(update_fields=["status", "ticket_code", "confirmed_at", "updated_at"])
            break
        except IntegrityError:
            if attempt == 4:
                raise
    email_enqueue(
        to=registration.email,
        template=template,
        context=_email_context(registration, **_ticket_context(registration)),
        key=_key(registration, "ticket"),
        related=registration,
        # An attached image: Gmail and Outlook do not show data: URIs.
        inline_qr={"ticket_qr": registration.ticket_code},
    )


def waitlist_position(registration: Registration) -> int | None:
    if registration.status != Status.WAITLISTED:
        return None
    ahead = (
        Registration.objects.filter(event_id=registration.event_id, status=Status.WAITLISTED)
        .filter(
            Q(confirmed_at__lt=registration.confirmed_at)
            | Q(confirmed_at=registration.confirmed_at, pk__lt=registration.pk)
        )
        .count()
    )
    return ahead + 1


@transaction.atomic
def submission_confirm(*, submission: Submission) -> Submission:
    """The person pressed Confirm. Attendees get a seat or a place on the waiting list;
    applications go to review. Confirming twice changes nothing."""
    submission = _locked(submission)
    if submission.status != Status.SUBMITTED:
        return submission
    submission.confirmed_at = timezone.now()
    if isinstance(submission, Registration):
        if _seat_claim(submission.event_id):
            _seat_give(submission, template="events/ticket")
        else:
            submission.status = Status.WAITLISTED
            submission.save(update_fields=["status", "confirmed_at", "updated_at"])
            email_enqueue(
                to=submission.email,
                template="events/waitlisted",
                context=_email_context(submission, position=waitlist_position(submission)),
                key=_key(submission, "waitlisted"),
                related=submission,
            )
    else:
        submission.status = Status.UNDER_REVIEW
        submission.save(update_fields=["status", "confirmed_at", "updated_at"])
    return submission


def waitlist_promote(*, event_id: int) -> list[Registration]:
    """Give free seats to the waiting list, first come first served, and tell them."""
    promoted: list[Registration] = []
    while True:
        candidate = (
            Registration.objects.select_for_update()
            .select_related("event")
            .filter(event_id=event_id, status=Status.WAITLISTED)
            .order_by("confirmed_at", "pk")
            .first()
        )
        if candidate is None or not _seat_claim(event_id):
            return promoted
        _seat_give(candidate, template="events/promoted")
        promoted.append(candidate)


@transaction.atomic
def submission_cancel(*, submission: Submission) -> Submission:
    """Withdraw. A freed seat goes to the first person on the waiting list."""
    submission = _locked(submission)
    if submission.status == Status.CANCELLED:
        return submission
    had_seat = isinstance(submission, Registration) and submission.status == Status.CONFIRMED
    submission.status = Status.CANCELLED
    submission.save(update_fields=["status", "updated_at"])
    if had_seat:
        _seat_release(submission.event_id)
        waitlist_promote(event_id=submission.event_id)
    return submission


@transaction.atomic
def submission_update(*, submission: Submission, data: dict) -> Submission:
    """Change the details the person may still change (EDITABLE_FIELDS only)."""
    submission = _locked(submission)
    changed = [name for name in submission.EDITABLE_FIELDS if name in data]
    for name in changed:
        setattr(submission, name, data[name])
    submission.full_clean(exclude=["event"], validate_unique=False, validate_constraints=False)
    submission.save(update_fields=[*changed, "updated_at"])
    return submission


@transaction.atomic
def submission_erase(*, submission: Submission) -> None:
    """ "Delete my data": give back any seat, then delete the row."""
    submission_cancel(submission=submission)
    type(submission).objects.filter(pk=submission.pk).delete()


# --- Staff decisions and check-in -----------------------------------------------------------


@transaction.atomic
def submission_decide(*, submission: Submission, decision: str, note: str, by) -> Submission:
    """Approve or reject a sponsor, exhibitor or volunteer application and email the applicant."""
    if isinstance(submission, Registration):
        raise DecisionNotAllowed("Attendee registrations are not approved or rejected.")
    if decision not in (Status.APPROVED, Status.REJECTED):
        raise DecisionNotAllowed("Unknown decision.")
    submission = _locked(submission)
    if submission.status not in (Status.UNDER_REVIEW, Status.APPROVED, Status.REJECTED):
        raise DecisionNotAllowed("Only confirmed applications can be decided.")
    if submission.status == decision and submission.decision_note == note:
        return submission
    submission.status = decision
    submission.decision_note = note
    submission.decided_at = timezone.now()
    submission.decided_by = by
    submission.save(update_fields=["status", "decision_note", "decided_at", "decided_by", "updated_at"])
    email_enqueue(
        to=submission.email_address,
        template="events/decision",
        context=_email_context(submission, approved=decision == Status.APPROVED, note=note),
        key=_key(submission, f"decision:{submission.decided_at.timestamp()}"),
        related=submission,
    )
    member = get_user_model().objects.filter(email__iexact=submission.email_address, is_active=True).first()
    if member is not None:
        notify(
            recipient=member,
            kind="event_decision",
            verb=f"{Status(decision).label.lower()} your {KIND_TITLES[submission.KIND].lower()}",
            actor=None,
            target=submission,
            url=submission.event.get_absolute_url(),
        )
    return submission


@dataclass(frozen=True)
class CheckInResult:
    registration: Registration | None
    already: bool = False

    @property
    def ok(self) -> bool:
        return self.registration is not None and not self.already


@transaction.atomic
def ticket_check_in(*, event: Event, code: str, by) -> CheckInResult:
    """Let a ticket holder in once. A second scan reports when they came in."""
    registration = (
        Registration.objects.select_for_update()
        .filter(event=event, ticket_code=code, status=Status.CONFIRMED)
        .first()
    )
    if registration is None:
        return CheckInResult(registration=None)
    if registration.checked_in_at is not None:
        return CheckInResult(registration=registration, already=True)
    registration.checked_in_at = timezone.now()
    registration.checked_in_by = by
    registration.save(update_fields=["checked_in_at", "checked_in_by", "updated_at"])
    publish(check_in_channel(event.pk), "checkin")
    return CheckInResult(registration=registration)
