"""The four public forms: rendering, validation, inline checks, anti-abuse, duplicates."""

from __future__ import annotations

from unittest import mock
from urllib.error import URLError

import pytest
from django.urls import reverse

from apps.events.models import ExhibitorApplication, Registration, SponsorApplication, VolunteerApplication
from apps.mailer.models import OutboxEmail
from tests.events.conftest import exhibitor_data, registration_data, sponsor_data, volunteer_data

pytestmark = pytest.mark.django_db

FORMS = [
    ("registration", Registration, registration_data, "email"),
    ("sponsor", SponsorApplication, sponsor_data, "contact_email"),
    ("exhibitor", ExhibitorApplication, exhibitor_data, "contact_email"),
    ("volunteer", VolunteerApplication, volunteer_data, "email"),
]


def form_url(event, kind: str) -> str:
    return reverse(f"events:{kind}-create", kwargs={"slug": event.slug})


@pytest.mark.parametrize(("kind", "model", "data", "email_field"), FORMS)
def test_each_form_renders_with_sections_and_labels(client, event, kind, model, data, email_field):
    response = client.get(form_url(event, kind))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<fieldset" in html and "<legend" in html
    assert f'name="{email_field}"' in html
    assert 'name="nickname"' in html and 'name="started"' in html
    assert "g-recaptcha" not in html


@pytest.mark.parametrize(("kind", "model", "data", "email_field"), FORMS)
def test_each_form_submits_and_answers_check_your_email(
    client, event, kind, model, data, email_field, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(form_url(event, kind), data(), follow=True)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    submission = model.objects.get()
    assert submission.status == "submitted"
    phone = getattr(submission, submission.PHONE_FIELD)
    assert phone.startswith("+234") and " " not in phone
    recipients = [m.to for m in mailoutbox]
    assert [getattr(submission, email_field)] in recipients
    assert ["events-team@example.com"] in recipients
    confirm_mail = next(m for m in mailoutbox if m.to == [getattr(submission, email_field)])
    assert "/events/confirm/" in confirm_mail.body and "/events/status/" in confirm_mail.body


@pytest.mark.parametrize(("kind", "model", "data", "email_field"), FORMS)
def test_each_form_rejects_missing_required_fields_and_keeps_input(
    client, event, kind, model, data, email_field
):
    posted = data()
    required_ack = {
        "registration": "physical_event_ack",
        "sponsor": "confirmed",
        "exhibitor": "terms_agreement",
        "volunteer": "terms",
    }[kind]
    posted.pop(required_ack)
    posted[email_field] = "not-an-email"
    response = client.post(form_url(event, kind), posted)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html
    assert "Enter a valid email address." in html
    assert "Please tick this box to continue." in html
    assert 'value="not-an-email"' in html  # nothing typed is lost
    assert model.objects.count() == 0


@pytest.mark.parametrize("phone", ["12345", "0803 123", "+1 555", "phone"])
def test_registration_rejects_bad_phone(client, event, phone):
    response = client.post(form_url(event, "registration"), registration_data(phone=phone))
    assert "Enter a valid phone number" in response.content.decode()
    assert Registration.objects.count() == 0


def test_registration_phone_is_stored_in_e164(client, event):
    client.post(form_url(event, "registration"), registration_data(phone="0803-123-4567"))
    assert Registration.objects.get().phone == "+2348031234567"


def test_registration_rejects_overlong_names(client, event):
    response = client.post(form_url(event, "registration"), registration_data(first_name="A" * 61))
    assert "Ensure this value has at most 60 characters" in response.content.decode()
    assert Registration.objects.count() == 0


def test_sponsor_tier_must_be_one_of_the_events_tiers(client, event):
    response = client.post(form_url(event, "sponsor"), sponsor_data(sponsor_tier="Diamond"))
    assert "Select a valid choice" in response.content.decode()
    assert SponsorApplication.objects.count() == 0


def test_exhibitor_package_must_be_one_of_the_events_packages(client, event):
    response = client.post(form_url(event, "exhibitor"), exhibitor_data(exhibition_package="Mega hall"))
    assert "Select a valid choice" in response.content.decode()


def test_volunteer_rejects_unknown_age_range(client, event):
    response = client.post(form_url(event, "volunteer"), volunteer_data(age_range="12-15"))
    assert "Select a valid choice" in response.content.decode()
    assert VolunteerApplication.objects.count() == 0


def test_too_many_links_in_free_text_is_rejected(client, event):
    spam = "see http://a.example http://b.example www.c.example"
    response = client.post(form_url(event, "registration"), registration_data(special_requests=spam))
    assert "at most 2 links" in response.content.decode()
    assert Registration.objects.count() == 0


def test_honeypot_answers_like_success_but_stores_nothing(client, event, mailoutbox):
    response = client.post(form_url(event, "registration"), registration_data(nickname="bot"))
    assert response.status_code == 302
    assert response["Location"].endswith("/register/sent/")
    assert Registration.objects.count() == 0
    assert OutboxEmail.objects.count() == 0


def test_submitting_faster_than_the_minimum_fill_time_is_refused(client, event, settings):
    settings.EVENTS_FORM_MIN_SECONDS = 60
    response = client.post(form_url(event, "registration"), registration_data())
    assert response.status_code == 200
    assert "That was very quick" in response.content.decode()
    assert Registration.objects.count() == 0


def test_tampered_start_time_is_refused_and_replaced(client, event):
    response = client.post(form_url(event, "registration"), registration_data(started="123.456"))
    html = response.content.decode()
    assert "submit again" in html
    assert 'value="123.456"' not in html
    assert Registration.objects.count() == 0


def test_htmx_submit_with_errors_swaps_only_the_form(client, event):
    response = client.post(
        form_url(event, "registration"), registration_data(email="bad"), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith("<form")
    assert "<html" not in html


def test_htmx_submit_success_redirects_the_client(client, event):
    response = client.post(
        form_url(event, "registration"), registration_data(), headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"].endswith("/register/sent/")


def test_inline_validation_answers_only_that_fields_partial(client, event):
    data = registration_data(phone="12345")
    data["_validate"] = "phone"
    response = client.post(form_url(event, "registration"), data, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="field-phone"')
    assert "Enter a valid phone number" in html
    assert 'value="12345"' in html
    assert "first_name" not in html
    assert Registration.objects.count() == 0


def test_inline_validation_of_a_valid_field_shows_no_error(client, event):
    data = registration_data(phone="08031234567", email="")
    data["_validate"] = "phone"
    html = client.post(form_url(event, "registration"), data, headers={"HX-Request": "true"}).content.decode()
    assert "Enter a valid phone number" not in html
    assert "This field is required" not in html


def test_validate_param_without_htmx_is_a_normal_submission(client, event):
    data = registration_data()
    data["_validate"] = "phone"
    response = client.post(form_url(event, "registration"), data)
    assert response.status_code == 302
    assert Registration.objects.count() == 1


def test_inline_validation_of_unknown_field_answers_no_content(client, event):
    data = registration_data()
    data["_validate"] = "is_staff"
    response = client.post(form_url(event, "registration"), data, headers={"HX-Request": "true"})
    assert response.status_code == 204


def test_duplicate_email_answers_like_first_and_resends_confirmation(
    client, event, mailoutbox, django_capture_on_commit_callbacks
):
    url = form_url(event, "registration")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, registration_data())
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, registration_data(email="ADEOLA@Example.com", first_name="Someone"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Registration.objects.count() == 1
    assert Registration.objects.get().first_name == "Adeola"
    to_attendee = [m for m in mailoutbox if m.to == ["adeola@example.com"]]
    assert len(to_attendee) == 2
    assert all("/events/confirm/" in m.body for m in to_attendee)
    staff = [m for m in mailoutbox if m.to == ["events-team@example.com"]]
    assert len(staff) == 1


def test_a_registration_takes_one_insert_for_the_row_and_one_for_the_email(
    client, event, settings, django_assert_max_num_queries
):
    settings.EVENTS_STAFF_EMAILS = []
    url = form_url(event, "registration")
    # The event; then, in one transaction (a savepoint here, inside the test's): the
    # registration with its first link counted, and the outbox row in its own savepoint.
    # One more for the content type of the outbox link, the first time a process needs it.
    with django_assert_max_num_queries(8):
        response = client.post(url, registration_data())
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.confirm_sends == 1
    assert OutboxEmail.objects.filter(key__contains=f":{registration.pk}:").count() == 1


def test_same_email_may_use_each_form_and_each_event(client, event):
    from tests.events.factories import EventFactory

    other = EventFactory()
    client.post(form_url(event, "registration"), registration_data())
    client.post(form_url(other, "registration"), registration_data())
    client.post(form_url(event, "volunteer"), volunteer_data(email="adeola@example.com"))
    assert Registration.objects.count() == 2
    assert VolunteerApplication.objects.count() == 1


def test_inline_validation_does_not_use_the_submission_budget(client, event, settings):
    settings.EVENTS_FORM_RATE = "1/h"
    url = form_url(event, "registration")
    for _ in range(5):
        data = registration_data()
        data["_validate"] = "email"
        assert client.post(url, data, headers={"HX-Request": "true"}).status_code == 200
    assert client.post(url, registration_data()).status_code == 302


def test_closed_form_says_so_and_stores_nothing(client, event):
    event.sponsor_open = False
    event.save()
    response = client.post(form_url(event, "sponsor"), sponsor_data())
    assert "is closed" in response.content.decode()
    assert SponsorApplication.objects.count() == 0


def test_unpublished_event_forms_are_not_found(client, event):
    event.is_published = False
    event.save()
    assert client.get(form_url(event, "registration")).status_code == 404


class TestRecaptcha:
    @pytest.fixture(autouse=True)
    def _keys(self, settings):
        settings.RECAPTCHA_ENABLED = True
        settings.RECAPTCHA_PUBLIC_KEY = "public-key"
        settings.RECAPTCHA_PRIVATE_KEY = "private-key"

    def test_form_shows_the_captcha_when_keys_are_configured(self, client, event):
        assert "g-recaptcha" in client.get(form_url(event, "registration")).content.decode()

    def test_network_failure_is_a_form_error_not_a_500(self, client, event):
        with mock.patch("django_recaptcha.fields.client.submit", side_effect=URLError("offline")):
            response = client.post(
                form_url(event, "registration"), registration_data(**{"g-recaptcha-response": "x"})
            )
        assert response.status_code == 200
        assert "could not check the reCAPTCHA" in response.content.decode()
        assert Registration.objects.count() == 0

    def test_failed_verification_is_a_form_error(self, client, event):
        answer = mock.Mock(is_valid=False, error_codes=["invalid-input-response"])
        with mock.patch("django_recaptcha.fields.client.submit", return_value=answer):
            response = client.post(
                form_url(event, "registration"), registration_data(**{"g-recaptcha-response": "x"})
            )
        assert response.status_code == 200
        assert Registration.objects.count() == 0

    def test_passed_verification_submits(self, client, event):
        answer = mock.Mock(is_valid=True, error_codes=[], extra_data={})
        with mock.patch("django_recaptcha.fields.client.submit", return_value=answer):
            response = client.post(
                form_url(event, "registration"), registration_data(**{"g-recaptcha-response": "x"})
            )
        assert response.status_code == 302
        assert Registration.objects.count() == 1


def test_form_with_captcha_posts_as_a_whole_page(client, event, settings):
    settings.RECAPTCHA_ENABLED = True
    settings.RECAPTCHA_PUBLIC_KEY = "public-key"
    settings.RECAPTCHA_PRIVATE_KEY = "private-key"
    html = client.get(form_url(event, "registration")).content.decode()
    form_tag = html[html.index('<form id="submission-form"') :].split(">", 1)[0]
    assert "hx-post" not in form_tag


def test_edit_over_htmx_redirects_the_client_to_the_status_page(client, event):
    from apps.events.tokens import status_token
    from tests.events.factories import RegistrationFactory

    registration = RegistrationFactory(event=event)
    token = status_token(registration)
    url = reverse("events:status-edit", kwargs={"token": token})
    response = client.post(
        url, {"phone": "08031234567", "city": "Oyo", "full_attendance": "all"}, headers={"HX-Request": "true"}
    )
    assert response["HX-Redirect"] == reverse("events:status", kwargs={"token": token})
    bad = client.post(
        url, {"phone": "1", "city": "Oyo", "full_attendance": "all"}, headers={"HX-Request": "true"}
    )
    assert bad.content.decode().lstrip().startswith('<form id="edit-form"')


def test_forms_are_prefilled_for_a_signed_in_member(client, event):
    from tests.accounts.factories import UserFactory
    from tests.profiles.factories import ProfileFactory

    member = UserFactory(first_name="Ada", last_name="Obi", email="ada@example.com")
    ProfileFactory(user=member, location="Ibadan")
    client.force_login(member)
    html = client.get(form_url(event, "registration")).content.decode()
    for name, value in (
        ("first_name", "Ada"),
        ("last_name", "Obi"),
        ("email", "ada@example.com"),
        ("city", "Ibadan"),
    ):
        assert f'name="{name}" value="{value}"' in html or f'value="{value}" name="{name}"' in html, name
    volunteer = client.get(form_url(event, "volunteer")).content.decode()
    assert 'value="Ada Obi"' in volunteer and 'value="ada@example.com"' in volunteer


def test_every_optional_field_of_the_public_forms_says_so():
    from django import forms

    from apps.events.forms import FORM_CLASSES
    from apps.events.models import Event

    for kind, form_class in FORM_CLASSES.items():
        for name, field in form_class(event=Event()).fields.items():
            if field.widget.is_hidden or name == "nickname" or isinstance(field, forms.BooleanField):
                continue
            assert field.required or "(optional)" in str(field.label), f"{kind}.{name}"


def test_too_quick_notice_is_not_counted_as_a_problem_to_fix(client, event, settings):
    settings.EVENTS_FORM_MIN_SECONDS = 60
    html = client.post(form_url(event, "registration"), registration_data()).content.decode()
    assert "That was very quick" in html and "data-form-notice" in html
    assert "There is a problem" not in html and "problems" not in html
    html = client.post(form_url(event, "registration"), registration_data(first_name="")).content.decode()
    assert "There is a problem" in html  # the one field, not the notice
