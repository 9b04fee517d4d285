"""Retention, member data export/erasure, the admin and the demo data."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.events import privacy, services, tasks
from apps.events.models import Event, Registration, SponsorApplication, Status, VolunteerApplication
from tests.accounts.factories import UserFactory
from tests.events.factories import (
    EventFactory,
    RegistrationFactory,
    SponsorApplicationFactory,
    VolunteerApplicationFactory,
)

pytestmark = pytest.mark.django_db


def _age(submission, days: int) -> None:
    then = timezone.now() - timedelta(days=days)
    type(submission).objects.filter(pk=submission.pk).update(created_at=then, updated_at=then)


def test_sweep_deletes_unconfirmed_submissions_older_than_7_days(event):
    old = RegistrationFactory(event=event)
    fresh = RegistrationFactory(event=event)
    confirmed_old = RegistrationFactory(event=event, status=Status.CONFIRMED)
    old_sponsor = SponsorApplicationFactory(event=event, status=Status.SUBMITTED)
    for submission in (old, confirmed_old, old_sponsor):
        _age(submission, 8)
    _age(fresh, 6)
    tasks.events_privacy_sweep.call_local()
    assert set(Registration.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed_old.pk}
    assert not SponsorApplication.objects.exists()


def test_a_resent_link_restarts_the_7_days(client, event):
    from tests.events.conftest import registration_data

    registration = RegistrationFactory(event=event, email="adeola@example.com")
    _age(registration, 8)
    client.post(reverse("events:registration-create", kwargs={"slug": event.slug}), registration_data())
    tasks.events_privacy_sweep.call_local()
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_sweep_anonymises_events_past_their_retention_period():
    ended = EventFactory(
        starts_at=timezone.now() - timedelta(days=40),
        ends_at=timezone.now() - timedelta(days=39),
        retention_days=30,
    )
    recent = EventFactory(
        starts_at=timezone.now() - timedelta(days=10),
        ends_at=timezone.now() - timedelta(days=9),
        retention_days=30,
    )
    gone = RegistrationFactory(event=ended, status=Status.CONFIRMED, special_requests="Vegetarian meal")
    volunteer = VolunteerApplicationFactory(event=ended, motivation="Personal story")
    kept = RegistrationFactory(event=recent, status=Status.CONFIRMED)
    tasks.events_privacy_sweep.call_local()
    gone.refresh_from_db()
    volunteer.refresh_from_db()
    kept.refresh_from_db()
    assert gone.first_name == "Anonymised" and gone.phone == "" and gone.special_requests == ""
    assert gone.email == f"anonymised-{gone.pk}@example.invalid"
    assert gone.participant_categories == ["student"]  # counts survive
    assert volunteer.full_name == "Anonymised" and volunteer.motivation == ""
    assert kept.first_name == "Adeola"
    assert Event.objects.get(pk=ended.pk).anonymised_at is not None
    assert Event.objects.get(pk=recent.pk).anonymised_at is None


def test_privacy_page_states_the_event_rules(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "deleted after 7 days" in html
    assert "retention period" in html


def test_member_export_and_erase_by_email(event):
    member = UserFactory(email="adeola@example.com")
    RegistrationFactory(
        event=event, email="adeola@example.com", status=Status.CONFIRMED, ticket_code="ABCDEFGHJK"
    )
    VolunteerApplicationFactory(event=event, email="adeola@example.com")
    RegistrationFactory(event=event, email="someone-else@example.com")
    data = privacy.export_member_data(member)
    forms = sorted(item["form"] for item in data["event_submissions"])
    assert forms == ["Attendee registration", "Volunteer application"]
    assert all(item["event"] == event.name for item in data["event_submissions"])
    import json

    json.dumps(data)  # JSON-serialisable
    privacy.erase_member_data(member)
    assert not Registration.objects.filter(email="adeola@example.com").exists()
    assert not VolunteerApplication.objects.exists()
    assert Registration.objects.count() == 1


def test_erasing_a_seat_holder_promotes_the_waiting_list():
    event = EventFactory(capacity=1)
    holder = RegistrationFactory(event=event, email="holder@example.com")
    waiting = RegistrationFactory(event=event)
    services.submission_confirm(submission=holder)
    services.submission_confirm(submission=waiting)
    privacy.erase_member_data(UserFactory(email="holder@example.com"))
    waiting.refresh_from_db()
    assert waiting.status == Status.CONFIRMED


@pytest.mark.parametrize(
    "model",
    ["event", "registration", "sponsorapplication", "exhibitorapplication", "volunteerapplication"],
)
def test_admin_changelists_search_and_filter(staff_client, event, model):
    RegistrationFactory(event=event)
    url = reverse(f"admin:events_{model}_changelist")
    assert staff_client.get(url, {"q": "adeola"}).status_code == 200


def test_admin_csv_export_action(staff_client, event):
    registration = RegistrationFactory(event=event, first_name="=cmd")
    response = staff_client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "export_csv", "_selected_action": [registration.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "first_name" in body.splitlines()[0]
    assert "'=cmd" in body


def test_demo_seed_is_idempotent_and_realistic():
    from apps.events import demo

    out = io.StringIO()
    demo.seed(size="small", stdout=out)
    counts = Registration.objects.count(), SponsorApplication.objects.count()
    demo.seed(size="small", stdout=out)
    assert (Registration.objects.count(), SponsorApplication.objects.count()) == counts
    otei = Event.objects.get(slug="otei-2027")
    assert "Ogbomoso" in otei.tagline and otei.city == "Ogbomoso" and otei.starts_at.year == 2027
    assert otei.sponsor_tiers and otei.exhibitor_packages
    assert Event.objects.past().filter(slug="otei-2025").exists()
    assert 30 <= Registration.objects.count() < 100
    confirmed = Registration.objects.filter(event=otei, status=Status.CONFIRMED).count()
    assert Event.objects.get(pk=otei.pk).seats_taken == confirmed


def test_raising_capacity_in_the_admin_seats_the_waiting_list(
    staff_client, mailoutbox, django_capture_on_commit_callbacks
):
    event = EventFactory(capacity=1)
    registrations = [RegistrationFactory(event=event) for _ in range(3)]
    for registration in registrations:
        services.submission_confirm(submission=registration)
    url = reverse("admin:events_event_change", args=[event.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "starts_at_0": event.starts_at.strftime("%Y-%m-%d"),
            "starts_at_1": event.starts_at.strftime("%H:%M:%S"),
            "ends_at_0": event.ends_at.strftime("%Y-%m-%d"),
            "ends_at_1": event.ends_at.strftime("%H:%M:%S"),
            "sponsor_tiers": '["Gold"]',
            "exhibitor_packages": '["Booth"]',
            "capacity": 2,
        }
    )
    for flag in ("is_published", "registration_open", "sponsor_open", "exhibitor_open", "volunteer_open"):
        data[flag] = "on"
    for key in ("registration_opens_at", "registration_closes_at"):
        data.pop(key, None)
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    statuses = [Registration.objects.get(pk=r.pk).status for r in registrations]
    assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLISTED]
    assert any("seat opened up" in m.subject for m in mailoutbox)
