"""Confirmation links, seats and the waiting list, the private status page and the ticket."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from apps.events import services
from apps.events.models import Event, Registration, Status
from apps.events.tokens import confirm_token, status_token, status_token_load
from apps.mailer.models import OutboxEmail
from tests.events.factories import EventFactory, RegistrationFactory, SponsorApplicationFactory

pytestmark = pytest.mark.django_db


def confirm_url(submission) -> str:
    return reverse("events:confirm", kwargs={"token": confirm_token(submission)})


def status_url(submission) -> str:
    return reverse("events:status", kwargs={"token": status_token(submission)})


def test_get_on_confirm_link_shows_a_button_and_confirms_nothing(client, event):
    registration = RegistrationFactory(event=event)
    response = client.get(confirm_url(registration))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<form method="post"' in html and ">Confirm</button>" in html
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED
    assert Event.objects.get(pk=event.pk).seats_taken == 0


def test_post_on_confirm_link_gives_a_seat_a_ticket_and_a_ticket_email(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(confirm_url(registration))
    assert response.status_code == 302
    assert response["Location"].startswith("/events/status/")
    token = response["Location"].split("/")[-2]
    assert status_token_load(token) == ("registration", registration.token)
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert re.fullmatch(r"[A-Z2-9]{10}", registration.ticket_code)
    assert Event.objects.get(pk=event.pk).seats_taken == 1
    (mail,) = mailoutbox
    assert registration.ticket_code in mail.subject
    assert registration.ticket_code in mail.body
    html = mail.alternatives[0][0]
    assert 'src="cid:ticket_qr.' in html


def test_confirming_twice_takes_one_seat(client, event):
    registration = RegistrationFactory(event=event)
    client.post(confirm_url(registration))
    client.post(confirm_url(registration))
    assert Event.objects.get(pk=event.pk).seats_taken == 1
    assert OutboxEmail.objects.filter(template="events/ticket").count() == 1


def test_expired_confirm_link_says_so(client, event):
    registration = RegistrationFactory(event=event)
    token = confirm_token(registration)
    with pytest.MonkeyPatch.context() as patch:
        later = timezone.now().timestamp() + 8 * 24 * 3600
        patch.setattr("time.time", lambda: later)
        response = client.post(reverse("events:confirm", kwargs={"token": token}))
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Status.SUBMITTED


def test_tampered_confirm_link_is_not_found(client, event):
    registration = RegistrationFactory(event=event)
    assert client.post(confirm_url(registration)[:-3] + "xx/").status_code == 404


def test_status_token_cannot_be_used_as_confirm_token(client, event):
    registration = RegistrationFactory(event=event)
    response = client.post(reverse("events:confirm", kwargs={"token": status_token(registration)}))
    assert response.status_code == 404


def test_token_for_a_made_up_submission_is_not_found(client, event):
    forged = signing.dumps(
        {"k": "registration", "t": "00000000-0000-0000-0000-000000000000"}, salt="events.status"
    )
    assert client.get(reverse("events:status", kwargs={"token": forged})).status_code == 404


def test_application_confirm_goes_to_review(client, event):
    sponsor = SponsorApplicationFactory(event=event, status=Status.SUBMITTED)
    client.post(confirm_url(sponsor))
    sponsor.refresh_from_db()
    assert sponsor.status == Status.UNDER_REVIEW
    assert sponsor.confirmed_at is not None


def test_full_event_puts_confirmations_on_the_waiting_list_in_order(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    first, second, third = (RegistrationFactory(event=event) for _ in range(3))
    with django_capture_on_commit_callbacks(execute=True):
        for registration in (first, second, third):
            client.post(confirm_url(registration))
    for registration in (first, second, third):
        registration.refresh_from_db()
    assert first.status == Status.CONFIRMED
    assert second.status == third.status == Status.WAITLISTED
    assert second.ticket_code is None
    assert services.waitlist_position(second) == 1
    assert services.waitlist_position(third) == 2
    waitlist_mail = next(m for m in mailoutbox if m.to == [third.email])
    assert "number 2" in waitlist_mail.body
    page = client.get(status_url(third)).content.decode()
    assert "number 2 on the waiting list" in page


def test_cancellation_promotes_the_first_waitlisted_and_emails_them(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    holder, waiting, later = (RegistrationFactory(event=event) for _ in range(3))
    for registration in (holder, waiting, later):
        client.post(confirm_url(registration))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:status-cancel", kwargs={"token": status_token(holder)}))
    assert response.status_code == 302
    holder.refresh_from_db()
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert holder.status == Status.CANCELLED
    assert waiting.status == Status.CONFIRMED and waiting.ticket_code
    assert later.status == Status.WAITLISTED
    assert services.waitlist_position(later) == 1
    assert Event.objects.get(pk=event.pk).seats_taken == 1
    promoted = [m for m in mailoutbox if m.to == [waiting.email]]
    assert len(promoted) == 1 and "seat opened up" in promoted[0].subject


def test_cancel_is_post_only(client, event):
    registration = RegistrationFactory(event=event)
    assert (
        client.get(reverse("events:status-cancel", kwargs={"token": status_token(registration)})).status_code
        == 405
    )


def test_status_page_shows_the_timeline(client, event):
    registration = RegistrationFactory(event=event)
    html = client.get(status_url(registration)).content.decode()
    assert "Submitted" in html and "Email confirmed" in html
    assert "Open the confirmation link" in html
    assert 'name="robots" content="noindex"' in html


def test_status_page_shows_decision_for_applications(client, event):
    sponsor = SponsorApplicationFactory(
        event=event, status=Status.REJECTED, decision_note="Tiers are full <b>sorry</b>"
    )
    html = client.get(status_url(sponsor)).content.decode()
    assert "Not accepted this time" in html
    assert "Tiers are full &lt;b&gt;sorry&lt;/b&gt;" in html


@pytest.mark.parametrize("status", [Status.CONFIRMED, Status.UNDER_REVIEW])
def test_under_review_is_in_progress_not_ticked_before_a_decision(client, event, status):
    html = client.get(status_url(SponsorApplicationFactory(event=event, status=status))).content.decode()
    assert re.search(r'data-step="in-progress">Under review <span[^>]*>\(in progress\)', html)
    assert 'data-step="done">Under review' not in html


def test_under_review_is_ticked_once_decided(client, event):
    html = client.get(
        status_url(SponsorApplicationFactory(event=event, status=Status.APPROVED))
    ).content.decode()
    assert 'data-step="done">Under review' in html


def test_status_page_explains_who_can_open_it_plainly(client, event):
    html = client.get(status_url(RegistrationFactory(event=event))).content.decode()
    assert "private: anyone with the link" not in html
    assert "Only people who have the link from your email can open this page" in html


def test_edit_changes_only_the_changeable_details(client, event):
    registration = RegistrationFactory(event=event, status=Status.CONFIRMED)
    url = reverse("events:status-edit", kwargs={"token": status_token(registration)})
    assert "first_name" not in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "phone": "0806 765 4321",
            "city": "Ibadan",
            "full_attendance": "some",
            "first_name": "Hacker",
            "email": "x@example.com",
        },
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.phone == "+2348067654321"
    assert registration.city == "Ibadan"
    assert registration.first_name == "Adeola"
    assert registration.email.startswith("attendee")


def test_edit_with_bad_phone_keeps_what_was_typed(client, event):
    registration = RegistrationFactory(event=event)
    url = reverse("events:status-edit", kwargs={"token": status_token(registration)})
    response = client.post(url, {"phone": "999", "city": "Ibadan", "full_attendance": "some"})
    html = response.content.decode()
    assert "Enter a valid phone number" in html and 'value="Ibadan"' in html
    registration.refresh_from_db()
    assert registration.city == "Ogbomoso"


def test_delete_my_data_removes_the_row_and_frees_the_seat(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    holder, waiting = RegistrationFactory(event=event), RegistrationFactory(event=event)
    client.post(confirm_url(holder))
    client.post(confirm_url(waiting))
    token = status_token(holder)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:status-delete", kwargs={"token": token}))
    assert "Your data is deleted" in response.content.decode()
    assert not Registration.objects.filter(pk=holder.pk).exists()
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED
    assert client.get(reverse("events:status", kwargs={"token": token})).status_code == 404


def test_ticket_page_shows_an_inline_svg_qr_without_style(client, event):
    registration = RegistrationFactory(event=event)
    client.post(confirm_url(registration))
    registration.refresh_from_db()
    response = client.get(reverse("events:ticket", kwargs={"token": status_token(registration)}))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<svg viewBox="' in html
    svg = html[html.index("<svg viewBox") : html.index("</svg>", html.index("<svg viewBox"))]
    assert "style=" not in svg
    assert registration.ticket_code in html


def test_ticket_page_without_a_seat_goes_to_status(client, event):
    registration = RegistrationFactory(event=event)
    response = client.get(reverse("events:ticket", kwargs={"token": status_token(registration)}))
    assert response.status_code == 302


def test_repeat_submission_after_confirming_sends_the_status_link(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.events.conftest import registration_data

    registration = RegistrationFactory(event=event, email="adeola@example.com")
    client.post(confirm_url(registration))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:registration-create", kwargs={"slug": event.slug}), registration_data()
        )
    assert response.status_code == 302
    (mail,) = mailoutbox
    assert "/events/status/" in mail.body and "/events/confirm/" not in mail.body


def test_anonymous_event_page_has_buttons_for_open_forms(client, event):
    event.volunteer_open = False
    event.save()
    html = client.get(event.get_absolute_url()).content.decode()
    assert reverse("events:registration-create", kwargs={"slug": event.slug}) in html
    assert reverse("events:sponsor-create", kwargs={"slug": event.slug}) in html
    assert reverse("events:exhibitor-create", kwargs={"slug": event.slug}) in html
    assert reverse("events:volunteer-create", kwargs={"slug": event.slug}) not in html
    assert "<strong>talks</strong>" in html


def test_event_description_markdown_is_sanitised(client):
    event = EventFactory(description="<script>alert(1)</script> [x](javascript:alert(1))")
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert 'href="javascript' not in html


def test_event_list_splits_upcoming_and_past(client, event):
    past = EventFactory(
        name="OTEI 2025",
        starts_at=timezone.now() - timedelta(days=400),
        ends_at=timezone.now() - timedelta(days=399),
    )
    EventFactory(name="Hidden draft", is_published=False)
    html = client.get(reverse("events:event-list")).content.decode()
    assert event.name in html and past.name in html
    assert "Hidden draft" not in html
    assert html.index(event.name) < html.index("Past events") < html.index(past.name)


def test_home_selector_lists_upcoming_published_events(event, django_assert_num_queries):
    from apps.events.selectors import event_list_upcoming

    EventFactory(is_published=False)
    with django_assert_num_queries(1):
        assert event_list_upcoming(limit=3) == [event]


def test_a_duplicate_ticket_code_is_drawn_again(client, event, monkeypatch):
    RegistrationFactory(event=event, status=Status.CONFIRMED, ticket_code="AAAAAAAAAA")
    registration = RegistrationFactory(event=event)
    codes = iter(["AAAAAAAAAA", "BBBBBBBBBB"])
    monkeypatch.setattr("apps.events.services._ticket_code_new", lambda: next(codes))
    client.post(confirm_url(registration))
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED
    assert registration.ticket_code == "BBBBBBBBBB"
