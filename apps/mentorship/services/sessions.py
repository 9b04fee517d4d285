"""Sessions: booking a slot from the mentor's availability, cancelling and rescheduling with
notice, calendar invites, reminders 24 hours and 1 hour before, notes and the rating."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from apps.mentorship import times
from apps.mentorship.models import Mentorship, Session, SessionReminder
from apps.mentorship.services.mentorships import display_name, tell

ICS_NAME = "invite.ics"


def bookable(*, mentorship: Mentorship, now: datetime | None = None) -> list[times.Occurrence]:
    """The mentor's coming times a session can be booked at: from MENTORSHIP_BOOKING_NOTICE_HOURS
    ahead to MENTORSHIP_BOOKING_DAYS ahead, without those already taken."""
    now = now or timezone.now()
    mentor = mentorship.mentor
    start = now + timedelta(hours=settings.MENTORSHIP_BOOKING_NOTICE_HOURS)
    end = now + timedelta(days=settings.MENTORSHIP_BOOKING_DAYS)
    found = times.slot_occurrences(slots=mentor.slots.all(), tz_name=mentor.time_zone, start=start, end=end)
    taken = set(
        Session.objects.filter(status=Session.Status.BOOKED, starts_at__gte=start, starts_at__lt=end)
        .filter(Q(mentor_id=mentor.pk) | Q(mentee_id=mentorship.mentee_id))
        .values_list("starts_at", flat=True)
    )
    return [o for o in found if o.starts_at not in taken]


def session_ics(session: Session, *, cancelled: bool = False) -> str:
    """The calendar invite (RFC 5545) for a session; a cancelled one carries METHOD:CANCEL with
    the same UID, so calendars remove the event they added."""
    mentor = session.mentor.user
    calendar = Calendar()
    calendar.add("prodid", "-//DiceyTech//Mentorship//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "REQUEST")
    event = Event()
    event.add("uid", f"mentorship-session-{session.pk}@{settings.MAILER_MESSAGE_ID_DOMAIN}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", f"Mentorship session: {display_name(mentor)} and {display_name(session.mentee)}")
    event.add("description", session.agenda or "Mentorship session on DiceyTech.")
    event.add("url", f"{settings.SITE_URL}{reverse('mentorship:session-detail', args=[session.pk])}")
    event.add("sequence", 1 if cancelled else 0)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{mentor.email}")
    organizer.params["cn"] = vText(display_name(mentor))
    event.add("organizer", organizer)
    for person in (mentor, session.mentee):
        attendee = vCalAddress(f"mailto:{person.email}")
        attendee.params["cn"] = vText(display_name(person))
        event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical().decode()


def _when(session: Session, user, tz_name: str) -> str:
    start = times.local(session.starts_at, tz_name)
    return f"{start:%A %-d %B %Y, %H:%M} ({tz_name})"


def _zones(session: Session) -> dict[int, str]:
    return {
        session.mentee_id: session.mentorship.mentee_time_zone,
        session.mentor.user_id: session.mentor.time_zone,
    }


def _announce(session: Session, *, subject: str, opening: str, key: str, cancelled: bool = False,
              actor=None, verb: str = "") -> None:  # fmt: skip
    zones = _zones(session)
    ics = session_ics(session, cancelled=cancelled)
    for person in (session.mentee, session.mentor.user):
        other = session.mentor.user if person.pk == session.mentee_id else session.mentee
        tell(
            to=person,
            subject=subject,
            lines=[opening, f"With {display_name(other)}, {_when(session, person, zones[person.pk])}."]
            + ([f"Agenda: {session.agenda}"] if session.agenda else []),
            url=reverse("mentorship:session-detail", args=[session.pk]),
            label="Open the session",
            key=f"{key}:{person.pk}",
            related=session,
            actor=actor,
            verb=verb if actor is not None and person.pk != actor.pk else "",
            attachments=[(ICS_NAME, "text/calendar", ics)],
        )


@transaction.atomic
def session_book(*, mentorship: Mentorship, by, starts_at: datetime, agenda: str = "",
                 now: datetime | None = None) -> Session:  # fmt: skip
    """Book the occurrence of the mentor's availability that starts at `starts_at`. The
    partial unique constraints decide a race: of two bookings of one slot, one wins and the
    other is told the slot was just taken."""
    now = now or timezone.now()
    mentorship = Mentorship.objects.select_related("mentor__user", "mentee").get(pk=mentorship.pk)
    if by.pk not in (mentorship.mentee_id, mentorship.mentor.user_id):
        raise PermissionDenied
    if not mentorship.is_running:
        raise ValidationError("Sessions can be booked once the mentor has accepted.")
    if starts_at <= now:
        raise ValidationError({"starts_at": "That time has passed. Choose one of the times shown."})
    occurrence = next((o for o in bookable(mentorship=mentorship, now=now) if o.starts_at == starts_at), None)
    if occurrence is None:
        raise ValidationError({"starts_at": "That time is not free. Choose one of the times shown."})
    session = Session(
        mentorship=mentorship,
        mentor=mentorship.mentor,
        mentee=mentorship.mentee,
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        agenda=agenda.strip()[:300],
    )
    try:
        with transaction.atomic():
            session.save(force_insert=True)
    except IntegrityError as exc:
        raise ValidationError(
            {"starts_at": "Someone has just booked that time. Choose another one."}
        ) from exc
    _announce(
        session,
        subject="Mentorship session booked",
        opening="A mentorship session is booked. The calendar invite is attached.",
        key=f"mentorship-session-booked:{session.pk}",
        actor=by,
        verb="booked a mentorship session with you",
    )
    return session


def _check_party(session: Session, by) -> None:
    if by.pk not in (session.mentee_id, session.mentor.user_id):
        raise PermissionDenied


def change_deadline(session: Session) -> datetime:
    """The last moment a session can be cancelled or moved: MENTORSHIP_CANCEL_NOTICE_HOURS
    before it starts. Counted on the absolute instant, so a summer-time change between now and
    the session neither gives nor takes an hour, whichever zone either side lives in."""
    return session.starts_at - timedelta(hours=settings.MENTORSHIP_CANCEL_NOTICE_HOURS)


def _check_notice(session: Session, *, doing: str, now: datetime) -> None:
    if now > change_deadline(session):
        hours = settings.MENTORSHIP_CANCEL_NOTICE_HOURS
        raise ValidationError(
            f"Sessions can be {doing} up to {hours} hours before they start, and this one is "
            f"closer than that. Please write to the other side instead: they are expecting you."
        )


@transaction.atomic
def session_cancel(*, session: Session, by, reason: str = "", quiet: bool = False,
                   with_notice: bool = True, now: datetime | None = None) -> Session:  # fmt: skip
    """Cancel a booked session still ahead, at least MENTORSHIP_CANCEL_NOTICE_HOURS before it
    (`with_notice=False` skips that rule, for a mentorship that ends). Both sides get the email
    with the cancelled invite (their calendars drop the event); `quiet` leaves out the in-app
    notification, when the cancellation is part of something the member is told about anyway."""
    now = now or timezone.now()
    session = (
        Session.objects.select_for_update()
        .select_related("mentor__user", "mentee", "mentorship")
        .get(pk=session.pk)
    )
    _check_party(session, by)
    if not session.is_booked:
        raise ValidationError("This session is already cancelled.")
    if session.starts_at <= now:
        raise ValidationError("This session has started; it can no longer be cancelled.")
    if with_notice:
        _check_notice(session, doing="cancelled", now=now)
    session.status = Session.Status.CANCELLED
    session.cancelled_by = by
    session.cancel_reason = reason.strip()[:300]
    session.save(update_fields=["status", "cancelled_by", "cancel_reason"])
    opening = f"{display_name(by)} cancelled this session."
    if session.cancel_reason:
        opening += f" They wrote: {session.cancel_reason}"
    _announce(
        session,
        subject="Mentorship session cancelled",
        opening=opening,
        key=f"mentorship-session-cancelled:{session.pk}",
        cancelled=True,
        actor=by,
        verb="" if quiet else "cancelled a mentorship session",
    )
    return session


@transaction.atomic
def session_reschedule(*, session: Session, by, starts_at: datetime, reason: str = "",
                       now: datetime | None = None) -> Session:  # fmt: skip
    """Move a booked session, at least MENTORSHIP_CANCEL_NOTICE_HOURS before it, to another
    free time: the old one is cancelled (its invite withdrawn) and a new one booked, in one
    transaction."""
    now = now or timezone.now()
    session = (
        Session.objects.select_for_update()
        .select_related("mentor__user", "mentee", "mentorship")
        .get(pk=session.pk)
    )
    _check_party(session, by)
    if not session.is_booked or session.starts_at <= now:
        raise ValidationError("Only a booked session still ahead can be moved.")
    _check_notice(session, doing="moved", now=now)
    session.status = Session.Status.CANCELLED
    session.cancelled_by = by
    session.cancel_reason = (reason.strip() or "Moved to another time.")[:300]
    session.save(update_fields=["status", "cancelled_by", "cancel_reason"])
    new = session_book(
        mentorship=session.mentorship, by=by, starts_at=starts_at, agenda=session.agenda, now=now
    )
    session.rescheduled_to = new
    session.save(update_fields=["rescheduled_to"])
    _announce(
        session,
        subject="Mentorship session moved",
        opening=f"{display_name(by)} moved this session to another time: the new invite follows in its own email.",
        key=f"mentorship-session-moved:{session.pk}",
        cancelled=True,
    )
    return new


@transaction.atomic
def session_note(*, session: Session, by, note: str, rating: int | None = None) -> Session:
    """After the session each side leaves a short note; the mentee may rate it 1 to 5."""
    session = Session.objects.select_for_update().select_related("mentor").get(pk=session.pk)
    _check_party(session, by)
    if not session.is_booked or session.starts_at > timezone.now():
        raise ValidationError("Notes and ratings open once the session has started.")
    fields = []
    if by.pk == session.mentee_id:
        session.mentee_note = note.strip()
        fields.append("mentee_note")
        if rating is not None:
            session.rating = rating
            fields.append("rating")
    else:
        if rating is not None:
            raise ValidationError({"rating": "Only the mentee rates a session."})
        session.mentor_note = note.strip()
        fields.append("mentor_note")
    session.full_clean(validate_constraints=False)
    session.save(update_fields=fields)
    return session


# --- Reminders -----------------------------------------------------------------------------

REMINDER_LEADS = {
    SessionReminder.Kind.DAY: timedelta(hours=24),
    SessionReminder.Kind.HOUR: timedelta(hours=1),
}


def _due(kind: str, now: datetime):
    lead = REMINDER_LEADS[kind]
    due = Session.objects.filter(
        status=Session.Status.BOOKED, starts_at__gt=now, starts_at__lte=now + lead
    ).exclude(reminders__kind=kind)
    if kind == SessionReminder.Kind.DAY:
        # Within the last hour the 1-hour reminder speaks; a session booked less than a day
        # ahead had its booking email instead of a day-before reminder.
        due = due.filter(starts_at__gt=now + REMINDER_LEADS[SessionReminder.Kind.HOUR]).exclude(
            created_at__gt=F("starts_at") - lead
        )
    return due.order_by("starts_at").values_list("pk", flat=True)


def reminder_send(*, session_pk: int, kind: str) -> bool:
    """Send one reminder for one session, once: the marker row and the two outbox rows are
    written in one transaction, so a worker that dies before the commit leaves nothing behind
    (the next run sends it) and one that dies after leaves the outbox to deliver."""
    with transaction.atomic():
        session = Session.objects.select_related("mentor__user", "mentee", "mentorship").get(pk=session_pk)
        try:
            with transaction.atomic():
                SessionReminder.objects.create(session=session, kind=kind)
        except IntegrityError:
            return False
        label = "tomorrow" if kind == SessionReminder.Kind.DAY else "in an hour"
        _announce(
            session,
            subject=f"Reminder: your mentorship session {label}",
            opening=f"Your mentorship session starts {label}.",
            key=f"mentorship-reminder:{session.pk}:{kind}",
        )
    return True


def reminders_send_due(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    for kind in (SessionReminder.Kind.HOUR, SessionReminder.Kind.DAY):
        for pk in list(_due(kind, now)):
            sent += reminder_send(session_pk=pk, kind=kind)
    return sent
