"""Booking from the mentor's times (and the double-booking race), cancelling and moving with
notice, the calendar invite, notes and the rating, and reminders sent once and only once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from icalendar import Calendar

from apps.mailer.models import OutboxEmail
from apps.mentorship import services
from apps.mentorship.models import Session, SessionReminder
from tests.accounts.factories import UserFactory
from tests.mentorship.factories import make_mentor, make_mentorship


def _first_free(mentorship):
    """The first free time far enough ahead to be cancelled or moved (beyond the notice)."""
    notice = timezone.now() + timedelta(hours=settings.MENTORSHIP_CANCEL_NOTICE_HOURS + 1)
    return next(o.starts_at for o in services.bookable(mentorship=mentorship) if o.starts_at > notice)


def _book(mentorship, starts_at=None, **kwargs):
    starts_at = starts_at or _first_free(mentorship)
    return services.session_book(mentorship=mentorship, by=mentorship.mentee, starts_at=starts_at, **kwargs)


@pytest.mark.django_db
def test_booking_sends_both_sides_an_email_with_a_calendar_invite():
    mentorship = make_mentorship()

    session = _book(mentorship, agenda="Review my CV")

    emails = OutboxEmail.objects.filter(key__startswith=f"mentorship-session-booked:{session.pk}:")
    assert sorted(e.recipient_list[0] for e in emails) == sorted(
        [mentorship.mentee.email, mentorship.mentor.user.email]
    )
    [invite] = emails[0].attachments
    assert invite["filename"] == "invite.ics" and invite["mimetype"] == "text/calendar"
    event = next(c for c in Calendar.from_ical(invite["content"]).walk() if c.name == "VEVENT")
    assert event.decoded("dtstart") == session.starts_at
    assert event.decoded("dtend") == session.ends_at
    assert str(event["uid"]).startswith(f"mentorship-session-{session.pk}@")


@pytest.mark.django_db
def test_a_time_outside_the_mentors_availability_is_refused():
    mentorship = make_mentorship()
    free = _first_free(mentorship)

    with pytest.raises(ValidationError, match="not free"):
        _book(mentorship, free + timedelta(minutes=30))


@pytest.mark.django_db
def test_booking_in_the_past_is_refused():
    mentorship = make_mentorship()

    with pytest.raises(ValidationError, match="passed"):
        _book(mentorship, timezone.now() - timedelta(days=1))


@pytest.mark.django_db
def test_a_taken_time_is_no_longer_offered_and_cannot_be_booked_again():
    mentorship = make_mentorship()
    session = _book(mentorship)
    other = make_mentorship(mentorship.mentor)

    assert session.starts_at not in [o.starts_at for o in services.bookable(mentorship=other)]
    with pytest.raises(ValidationError, match="not free"):
        _book(other, session.starts_at)


@pytest.mark.django_db
def test_a_request_not_yet_accepted_cannot_book():
    from tests.mentorship.factories import make_request

    mentorship = make_request(make_mentor())

    with pytest.raises(ValidationError, match="accepted"):
        _book(mentorship, datetime(2030, 1, 1, tzinfo=UTC))


@pytest.mark.django_db
def test_a_stranger_cannot_book_into_someone_elses_mentorship():
    mentorship = make_mentorship()

    with pytest.raises(PermissionDenied):
        services.session_book(mentorship=mentorship, by=UserFactory(), starts_at=_first_free(mentorship))


@pytest.mark.django_db
def test_the_database_refuses_a_second_booked_session_at_the_same_time():
    from django.db import IntegrityError, transaction

    mentorship = make_mentorship()
    session = _book(mentorship)
    other = make_mentorship(mentorship.mentor)

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            mentorship=other, mentor=other.mentor, mentee=other.mentee,
            starts_at=session.starts_at, ends_at=session.ends_at,
        )  # fmt: skip


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL's row locks"
)
@pytest.mark.django_db(transaction=True)
def test_two_mentees_racing_for_one_slot_get_one_booking(monkeypatch):
    from apps.mentorship.services import sessions

    mentor = make_mentor()
    first, second = make_mentorship(mentor), make_mentorship(mentor)
    starts_at = _first_free(first)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    check = sessions.bookable

    def both_see_it_free(**kwargs):
        # Both requests have found the time free before either inserts: only the database's
        # unique constraint can stop the second.
        free = check(**kwargs)
        barrier.wait(timeout=10)
        return free

    monkeypatch.setattr(sessions, "bookable", both_see_it_free)

    def book(mentorship):
        try:
            services.session_book(mentorship=mentorship, by=mentorship.mentee, starts_at=starts_at)
            outcomes.append("booked")
        except ValidationError as exc:
            outcomes.append(" ".join(exc.messages))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["Someone has just booked that time. Choose another one.", "booked"]
    assert Session.objects.filter(mentor=mentor, starts_at=starts_at, status="booked").count() == 1


@pytest.mark.django_db
def test_cancelling_tells_the_other_side_and_withdraws_the_invite():
    mentorship = make_mentorship()
    session = _book(mentorship)

    services.session_cancel(session=session, by=mentorship.mentor.user, reason="A family emergency, sorry.")

    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    email = OutboxEmail.objects.get(key=f"mentorship-session-cancelled:{session.pk}:{mentorship.mentee_id}")
    assert "A family emergency, sorry." in email.text_body
    assert "METHOD:CANCEL" in email.attachments[0]["content"]
    assert session.starts_at in [o.starts_at for o in services.bookable(mentorship=mentorship)]


@pytest.mark.django_db
def test_moving_a_session_books_the_new_time_and_cancels_the_old_one():
    mentor = make_mentor(slots=((1, time(18, 0)), (3, time(9, 0))))
    mentorship = make_mentorship(mentor)
    session = _book(mentorship)
    new_time = next(
        o.starts_at
        for o in services.bookable(mentorship=mentorship)
        if o.starts_at != session.starts_at and o.starts_at > timezone.now()
    )

    new = services.session_reschedule(
        session=session, by=mentorship.mentee, starts_at=new_time, reason="Exams"
    )

    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and session.rescheduled_to == new
    assert new.starts_at == new_time and new.is_booked
    assert OutboxEmail.objects.filter(key__startswith=f"mentorship-session-moved:{session.pk}:").count() == 2


@pytest.mark.django_db
def test_moving_to_a_time_that_is_not_free_keeps_the_old_booking():
    mentorship = make_mentorship()
    session = _book(mentorship)

    with pytest.raises(ValidationError):
        services.session_reschedule(
            session=session, by=mentorship.mentee, starts_at=session.starts_at + timedelta(minutes=5)
        )

    session.refresh_from_db()
    assert session.is_booked


def _past_session(mentorship) -> Session:
    start = timezone.now() - timedelta(hours=2)
    return Session.objects.create(
        mentorship=mentorship, mentor=mentorship.mentor, mentee=mentorship.mentee,
        starts_at=start, ends_at=start + timedelta(hours=1),
    )  # fmt: skip


@pytest.mark.django_db
def test_after_the_session_both_leave_a_note_and_only_the_mentee_rates():
    mentorship = make_mentorship()
    session = _past_session(mentorship)

    services.session_note(session=session, by=mentorship.mentee, note="Clear next steps.", rating=5)
    services.session_note(session=session, by=mentorship.mentor.user, note="Strong progress.")
    with pytest.raises(ValidationError, match="Only the mentee"):
        services.session_note(session=session, by=mentorship.mentor.user, note="", rating=3)

    session.refresh_from_db()
    assert (session.mentee_note, session.mentor_note, session.rating) == (
        "Clear next steps.",
        "Strong progress.",
        5,
    )


@pytest.mark.django_db
def test_a_rating_outside_one_to_five_is_refused():
    mentorship = make_mentorship()
    session = _past_session(mentorship)

    with pytest.raises(ValidationError):
        services.session_note(session=session, by=mentorship.mentee, note="", rating=9)


@pytest.mark.django_db
def test_notes_wait_until_the_session_has_started():
    mentorship = make_mentorship()
    session = _book(mentorship)

    with pytest.raises(ValidationError, match="once the session has started"):
        services.session_note(session=session, by=mentorship.mentee, note="Early")


# --- Reminders -----------------------------------------------------------------------------


def _session_at(mentorship, starts_at, *, booked_at) -> Session:
    return Session.objects.create(
        mentorship=mentorship, mentor=mentorship.mentor, mentee=mentorship.mentee,
        starts_at=starts_at, ends_at=starts_at + timedelta(hours=1), created_at=booked_at,
    )  # fmt: skip


def _reminders(session) -> list[str]:
    return sorted(
        OutboxEmail.objects.filter(key__startswith=f"mentorship-reminder:{session.pk}:").values_list(
            "key", flat=True
        )
    )


@pytest.mark.django_db
def test_reminders_go_24_hours_and_1_hour_before_and_only_once():
    mentorship = make_mentorship()
    now = timezone.now()
    session = _session_at(mentorship, now + timedelta(hours=30), booked_at=now - timedelta(days=3))
    mentee, mentor = mentorship.mentee_id, mentorship.mentor.user_id

    assert services.reminders_send_due(now=now) == 0
    assert services.reminders_send_due(now=now + timedelta(hours=6, minutes=5)) == 1
    assert services.reminders_send_due(now=now + timedelta(hours=6, minutes=10)) == 0
    assert services.reminders_send_due(now=now + timedelta(hours=29, minutes=5)) == 1
    assert services.reminders_send_due(now=now + timedelta(hours=29, minutes=30)) == 0

    key = f"mentorship-reminder:{session.pk}"
    assert _reminders(session) == sorted(
        [f"{key}:1h:{mentee}", f"{key}:1h:{mentor}", f"{key}:24h:{mentee}", f"{key}:24h:{mentor}"]
    )


@pytest.mark.django_db
def test_a_session_booked_less_than_a_day_ahead_gets_only_the_hour_reminder():
    mentorship = make_mentorship()
    now = timezone.now()
    session = _session_at(mentorship, now + timedelta(hours=5), booked_at=now)

    services.reminders_send_due(now=now + timedelta(minutes=5))
    services.reminders_send_due(now=now + timedelta(hours=4, minutes=5))

    assert list(SessionReminder.objects.filter(session=session).values_list("kind", flat=True)) == ["1h"]


@pytest.mark.django_db
def test_cancelled_sessions_get_no_reminder():
    mentorship = make_mentorship()
    now = timezone.now()
    session = _session_at(mentorship, now + timedelta(minutes=50), booked_at=now - timedelta(days=2))
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CANCELLED)

    assert services.reminders_send_due(now=now) == 0


@pytest.mark.django_db
def test_a_reminder_whose_worker_died_midway_is_sent_by_the_next_run(monkeypatch):
    from apps.mentorship.services import sessions

    mentorship = make_mentorship()
    now = timezone.now()
    session = _session_at(mentorship, now + timedelta(minutes=50), booked_at=now - timedelta(days=2))

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed")

    with monkeypatch.context() as patched:
        patched.setattr(sessions, "_announce", crash)
        with pytest.raises(RuntimeError):
            services.reminders_send_due(now=now)
    assert not SessionReminder.objects.filter(session=session).exists()  # rolled back with the email

    assert services.reminders_send_due(now=now) == 1
    assert len(_reminders(session)) == 2


@pytest.mark.django_db
def test_sending_the_same_reminder_twice_sends_nothing_more():
    mentorship = make_mentorship()
    now = timezone.now()
    session = _session_at(mentorship, now + timedelta(minutes=50), booked_at=now - timedelta(days=2))

    assert services.reminder_send(session_pk=session.pk, kind="1h") is True
    assert services.reminder_send(session_pk=session.pk, kind="1h") is False
    assert len(_reminders(session)) == 2


# --- Notice for cancelling and moving -------------------------------------------------------


def _session_in(mentorship, hours: float, *, now: datetime) -> Session:
    starts_at = now + timedelta(hours=hours)
    return _session_at(mentorship, starts_at, booked_at=now - timedelta(days=3))


@pytest.mark.django_db
def test_cancelling_later_than_the_notice_is_refused_and_nothing_is_sent():
    mentorship = make_mentorship()
    now = timezone.now()
    session = _session_in(mentorship, 23, now=now)

    with pytest.raises(ValidationError, match="up to 24 hours before"):
        services.session_cancel(session=session, by=mentorship.mentee, reason="Busy", now=now)

    session.refresh_from_db()
    assert session.is_booked
    assert not OutboxEmail.objects.filter(key__startswith="mentorship-session-cancelled:").exists()


@pytest.mark.django_db
def test_cancelling_just_inside_the_notice_is_allowed():
    mentorship = make_mentorship()
    now = timezone.now()
    session = _session_in(mentorship, 24, now=now)

    services.session_cancel(session=session, by=mentorship.mentor.user, now=now)

    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED


@pytest.mark.django_db
def test_moving_later_than_the_notice_is_refused_and_keeps_the_booking():
    mentor = make_mentor(slots=((1, time(18, 0)), (3, time(9, 0))))
    mentorship = make_mentorship(mentor)
    now = timezone.now()
    session = _session_in(mentorship, 2, now=now)
    later = _first_free(mentorship)

    with pytest.raises(ValidationError, match="moved up to 24 hours before"):
        services.session_reschedule(session=session, by=mentorship.mentee, starts_at=later, now=now)

    session.refresh_from_db()
    assert session.is_booked and session.rescheduled_to is None
    assert Session.objects.filter(status="booked").count() == 1


@pytest.mark.django_db
def test_the_notice_is_set_in_settings(settings):
    settings.MENTORSHIP_CANCEL_NOTICE_HOURS = 2
    mentorship = make_mentorship()
    now = timezone.now()
    session = _session_in(mentorship, 3, now=now)

    services.session_cancel(session=session, by=mentorship.mentee, now=now)

    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("now", "starts_at", "allowed"),
    [
        # London springs forward on 29 March 2026: from Saturday 09:30 (GMT) to Sunday 10:00
        # (BST) is 24.5 hours on the wall clock but only 23.5 real hours, so too late.
        (datetime(2026, 3, 28, 9, 30, tzinfo=UTC), datetime(2026, 3, 29, 9, 0, tzinfo=UTC), False),
        # London falls back on 25 October 2026: from Saturday 10:30 (BST) to Sunday 10:00
        # (GMT) is 23.5 hours on the wall clock but 24.5 real hours, so still in time.
        (datetime(2026, 10, 24, 9, 30, tzinfo=UTC), datetime(2026, 10, 25, 10, 0, tzinfo=UTC), True),
    ],
)
def test_the_notice_counts_real_hours_across_a_summer_time_change(now, starts_at, allowed):
    mentor = make_mentor(time_zone="Europe/London")
    mentorship = make_mentorship(mentor, time_zone="Africa/Lagos")
    session = _session_at(mentorship, starts_at, booked_at=now - timedelta(days=3))

    if allowed:
        services.session_cancel(session=session, by=mentorship.mentee, now=now)
    else:
        with pytest.raises(ValidationError):
            services.session_cancel(session=session, by=mentorship.mentee, now=now)

    session.refresh_from_db()
    assert session.is_booked is not allowed


@pytest.mark.django_db
def test_ending_a_mentorship_cancels_a_session_inside_the_notice_too():
    mentorship = make_mentorship()
    session = _session_in(mentorship, 3, now=timezone.now())

    services.mentorship_end(mentorship=mentorship, by=mentorship.mentee, note="Thanks")

    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
