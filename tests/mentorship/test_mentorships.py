"""Requests, accept and decline, capacity (also under a race), trials and kind endings."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from apps.mailer.models import OutboxEmail
from apps.mentorship import services
from apps.mentorship.models import MentorProfile, Mentorship
from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.mentorship.factories import make_mentor, make_mentorship, make_request


@pytest.mark.django_db
def test_a_request_tells_the_mentor_in_app_and_by_email():
    mentor = make_mentor()

    mentorship = make_request(mentor, goal="Ship my first Django API")

    assert mentorship.status == Mentorship.Status.REQUESTED
    assert Notification.objects.filter(recipient=mentor.user, kind="mentorship").exists()
    email = OutboxEmail.objects.get(key=f"mentorship-request:{mentorship.pk}")
    assert email.recipient_list == [mentor.user.email]
    assert "Ship my first Django API" in email.text_body


@pytest.mark.django_db
def test_asking_the_same_mentor_twice_is_refused_while_the_first_is_open():
    mentor = make_mentor()
    mentee = UserFactory()
    make_request(mentor, mentee=mentee)

    with pytest.raises(ValidationError, match="already asked"):
        make_request(mentor, mentee=mentee)

    assert Mentorship.objects.filter(mentee=mentee).count() == 1


@pytest.mark.django_db
def test_nobody_can_be_their_own_mentor():
    mentor = make_mentor()

    with pytest.raises(ValidationError, match="own mentor"):
        make_request(mentor, mentee=mentor.user)


@pytest.mark.django_db
def test_accepting_starts_a_trial_and_takes_a_place():
    mentor = make_mentor()

    mentorship = services.mentorship_accept(mentorship=make_request(mentor), by=mentor.user)

    assert mentorship.status == Mentorship.Status.TRIAL
    assert mentorship.trial_ends_at is not None
    assert MentorProfile.objects.get(pk=mentor.pk).mentee_count == 1
    assert OutboxEmail.objects.filter(key=f"mentorship-accepted:{mentorship.pk}").exists()


@pytest.mark.django_db
def test_only_the_mentor_can_accept():
    mentor = make_mentor()
    mentorship = make_request(mentor)

    with pytest.raises(PermissionDenied):
        services.mentorship_accept(mentorship=mentorship, by=mentorship.mentee)


@pytest.mark.django_db
def test_a_mentor_at_capacity_cannot_accept_another_mentee():
    mentor = make_mentor(capacity=1)
    waiting = make_request(mentor)
    make_mentorship(mentor)  # a second request, accepted first, fills the only place

    with pytest.raises(ValidationError, match="capacity of 1"):
        services.mentorship_accept(mentorship=waiting, by=mentor.user)

    assert MentorProfile.objects.get(pk=mentor.pk).mentee_count == 1


@pytest.mark.django_db
def test_a_full_mentor_takes_no_new_requests():
    mentor = make_mentor(capacity=1)
    make_mentorship(mentor)

    with pytest.raises(ValidationError, match="no free places"):
        make_request(MentorProfile.objects.get(pk=mentor.pk))


@pytest.mark.django_db
def test_capacity_cannot_drop_below_the_mentees_already_taken():
    mentor = make_mentor(capacity=2)
    make_mentorship(mentor)
    make_mentorship(mentor)

    with pytest.raises(ValidationError, match="cannot be lower"):
        make_mentor(user=mentor.user, capacity=1, slots=())


@pytest.mark.django_db
def test_declining_is_kind_and_frees_the_pair_to_ask_again_later():
    mentor = make_mentor()
    mentorship = make_request(mentor)

    services.mentorship_decline(mentorship=mentorship, by=mentor.user, reason="I am travelling in March.")

    email = OutboxEmail.objects.get(key=f"mentorship-declined:{mentorship.pk}")
    assert "not about you" in email.text_body
    assert "I am travelling in March." in email.text_body
    assert make_request(mentor, mentee=mentorship.mentee).status == Mentorship.Status.REQUESTED


@pytest.mark.django_db
def test_either_side_ends_it_with_a_note_and_the_place_is_freed():
    mentorship = make_mentorship()
    mentor = mentorship.mentor

    services.mentorship_end(mentorship=mentorship, by=mentorship.mentee, note="Thank you, I got the job!")

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ENDED
    assert MentorProfile.objects.get(pk=mentor.pk).mentee_count == 0
    email = OutboxEmail.objects.get(key=f"mentorship-ended:{mentorship.pk}")
    assert email.recipient_list == [mentor.user.email]
    assert "Thank you, I got the job!" in email.text_body


@pytest.mark.django_db
def test_after_the_trial_either_side_confirms_it_carries_on():
    mentorship = make_mentorship()

    services.mentorship_continue(mentorship=mentorship, by=mentorship.mentee)

    mentorship.refresh_from_db()
    assert mentorship.status == Mentorship.Status.ACTIVE


@pytest.mark.django_db
def test_a_stranger_cannot_end_someone_elses_mentorship():
    mentorship = make_mentorship()

    with pytest.raises(PermissionDenied):
        services.mentorship_end(mentorship=mentorship, by=UserFactory())


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL's row locks"
)
@pytest.mark.django_db(transaction=True)
def test_two_accepts_racing_for_the_last_place_let_exactly_one_in():
    mentor = make_mentor(capacity=1)
    first, second = make_request(mentor), make_request(mentor)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(mentorship):
        try:
            barrier.wait()
            services.mentorship_accept(mentorship=mentorship, by=mentor.user)
            outcomes.append("accepted")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["accepted", "refused"]
    assert MentorProfile.objects.get(pk=mentor.pk).mentee_count == 1
    assert Mentorship.objects.filter(mentor=mentor, status=Mentorship.Status.TRIAL).count() == 1


@pytest.mark.django_db
def test_ending_cancels_coming_sessions_and_withdraws_their_invites():
    mentorship = make_mentorship()
    free = services.bookable(mentorship=mentorship)[0]
    session = services.session_book(mentorship=mentorship, by=mentorship.mentee, starts_at=free.starts_at)

    services.mentorship_end(mentorship=mentorship, by=mentorship.mentor.user)

    session.refresh_from_db()
    assert session.status == "cancelled"
    cancels = OutboxEmail.objects.filter(key__startswith=f"mentorship-session-cancelled:{session.pk}:")
    assert cancels.count() == 2 and all("METHOD:CANCEL" in e.attachments[0]["content"] for e in cancels)
    assert not Notification.objects.filter(verb="cancelled a mentorship session").exists()


@pytest.mark.django_db
def test_a_request_unanswered_for_a_week_closes_and_the_member_is_told(settings):
    from datetime import timedelta

    from django.utils import timezone

    settings.MENTORSHIP_REQUEST_DAYS = 7
    mentor = make_mentor()
    stale, fresh = make_request(mentor), make_request(mentor)
    Mentorship.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=8))

    assert services.mentorship_expire_due() == 1
    assert services.mentorship_expire_due() == 0

    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert (stale.status, fresh.status) == (Mentorship.Status.EXPIRED, Mentorship.Status.REQUESTED)
    email = OutboxEmail.objects.get(key=f"mentorship-expired:{stale.pk}")
    assert email.recipient_list == [stale.mentee.email] and "Find another mentor" in email.text_body
    assert make_request(mentor, mentee=stale.mentee).status == Mentorship.Status.REQUESTED  # may ask again


@pytest.mark.django_db
def test_the_first_mentor_is_primary_and_the_mentee_can_make_another_one_primary():
    mentee = UserFactory()
    first = make_mentorship(mentee=mentee)
    second = make_mentorship(mentee=mentee)
    assert (first.is_primary, second.is_primary) == (True, False)

    services.mentorship_set_primary(mentorship=second, by=mentee)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_primary, second.is_primary) == (False, True)
    with pytest.raises(PermissionDenied):
        services.mentorship_set_primary(mentorship=first, by=first.mentor.user)


@pytest.mark.django_db
def test_the_database_allows_one_primary_running_mentorship_per_mentee():
    from django.db import IntegrityError, transaction

    mentee = UserFactory()
    make_mentorship(mentee=mentee)
    second = make_mentorship(mentee=mentee)

    with pytest.raises(IntegrityError), transaction.atomic():
        Mentorship.objects.filter(pk=second.pk).update(is_primary=True)


@pytest.mark.django_db
def test_when_the_primary_mentorship_ends_the_next_accepted_one_is_primary():
    mentee = UserFactory()
    first = make_mentorship(mentee=mentee)
    services.mentorship_end(mentorship=first, by=mentee)

    assert make_mentorship(mentee=mentee).is_primary is True
