"""Staff pages: two-factor only, lists with pinned query counts, decisions, exports, check-in."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.events.models import Registration, Status
from apps.exports.models import Export
from apps.mailer.models import OutboxEmail
from tests.accounts.factories import UserFactory
from tests.events.factories import (
    ExhibitorApplicationFactory,
    RegistrationFactory,
    SponsorApplicationFactory,
    VolunteerApplicationFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = {
    "registration": RegistrationFactory,
    "sponsor": SponsorApplicationFactory,
    "exhibitor": ExhibitorApplicationFactory,
    "volunteer": VolunteerApplicationFactory,
}
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def list_url(event, kind: str) -> str:
    return reverse("events_staff:submission-list", kwargs={"slug": event.slug, "kind": kind})


def test_staff_pages_refuse_anonymous_members_and_staff_without_second_factor(client, event):
    url = reverse("events_staff:dashboard", kwargs={"slug": event.slug})
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(is_staff=True))
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor"))


def test_dashboard_shows_counts_and_svg_charts(staff_client, event):
    RegistrationFactory.create_batch(3, event=event, participant_categories=["student", "founder"])
    SponsorApplicationFactory(event=event)
    response = staff_client.get(reverse("events_staff:dashboard", kwargs={"slug": event.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<svg") >= 2 and 'role="img"' in html
    assert "Student: 3." in html and "Startup founder: 3." in html
    assert "style=" not in html[html.index("<main") :]


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("kind", list(FACTORIES))
def test_list_query_count_is_the_same_for_1_and_50_rows(staff_client, event, kind, htmx, assert_page_queries):
    def add_rows(n):
        return FACTORIES[kind].create_batch(n, event=event)

    headers = {"HX-Request": "true"} if htmx else None
    page = assert_page_queries(
        staff_client, list_url(event, kind), add_rows=add_rows, headers=headers, expected=4
    )
    assert page.response.content.decode().count("<tr>") == 51


def test_event_page_query_count_is_the_same_with_1_and_50_registrations(client, event, assert_page_queries):
    def add_rows(n):
        return RegistrationFactory.create_batch(n, event=event, status=Status.CONFIRMED)

    # the event; seats come from its counter
    assert_page_queries(client, event.get_absolute_url(), add_rows=add_rows, expected=1)


@pytest.mark.parametrize("kind", list(FACTORIES))
def test_list_filters_by_status_and_searches(staff_client, event, kind):
    factory = FACTORIES[kind]
    factory(event=event, status=Status.APPROVED if kind != "registration" else Status.CONFIRMED)
    other = factory(event=event, status=Status.SUBMITTED)
    response = staff_client.get(
        list_url(event, kind), {"status": "submitted"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert html.count("<tr>") == 2  # header + one row
    assert other.display_name in html
    response = staff_client.get(list_url(event, kind), {"q": other.email_address.upper()})
    assert other.display_name in response.content.decode()


def test_unknown_kind_is_not_found(staff_client, event):
    assert staff_client.get(list_url(event, "hackers")).status_code == 404


@pytest.mark.parametrize("kind", list(FACTORIES))
def test_free_text_is_escaped_in_staff_pages(staff_client, event, kind):
    fields = {
        "registration": {"first_name": XSS[:60], "special_requests": XSS},
        "sponsor": {"org_name": XSS, "outcomes": XSS},
        "exhibitor": {"business_name": XSS, "business_description": XSS},
        "volunteer": {"full_name": XSS, "motivation": XSS},
    }[kind]
    submission = FACTORIES[kind](event=event, **fields)
    pages = [
        staff_client.get(list_url(event, kind)).content.decode(),
        staff_client.get(
            reverse(
                "events_staff:submission-detail",
                kwargs={"slug": event.slug, "kind": kind, "pk": submission.pk},
            )
        ).content.decode(),
    ]
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert" in html


@pytest.mark.parametrize("kind", ["sponsor", "exhibitor", "volunteer"])
def test_approval_emails_the_applicant_with_the_note(
    staff_client, event, kind, mailoutbox, django_capture_on_commit_callbacks
):
    submission = FACTORIES[kind](event=event)
    url = reverse(
        "events_staff:submission-decide", kwargs={"slug": event.slug, "kind": kind, "pk": submission.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"decision": "approved", "note": "See you at setup on Wednesday."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.APPROVED
    assert submission.decided_by == staff_client.user
    (mail,) = mailoutbox
    assert mail.to == [submission.email_address]
    assert "Approved" in mail.subject and "See you at setup on Wednesday." in mail.body


def test_rejection_emails_the_applicant(staff_client, event, mailoutbox, django_capture_on_commit_callbacks):
    sponsor = SponsorApplicationFactory(event=event)
    url = reverse(
        "events_staff:submission-decide", kwargs={"slug": event.slug, "kind": "sponsor", "pk": sponsor.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"decision": "rejected", "note": ""})
    sponsor.refresh_from_db()
    assert sponsor.status == Status.REJECTED
    (mail,) = mailoutbox
    assert "cannot accept it this time" in mail.body


def test_unconfirmed_applications_cannot_be_decided(staff_client, event):
    sponsor = SponsorApplicationFactory(event=event, status=Status.SUBMITTED)
    url = reverse(
        "events_staff:submission-decide", kwargs={"slug": event.slug, "kind": "sponsor", "pk": sponsor.pk}
    )
    staff_client.post(url, {"decision": "approved"})
    sponsor.refresh_from_db()
    assert sponsor.status == Status.SUBMITTED
    assert OutboxEmail.objects.count() == 0


def test_registrations_cannot_be_approved(staff_client, event):
    registration = RegistrationFactory(event=event, status=Status.CONFIRMED)
    url = reverse(
        "events_staff:submission-decide",
        kwargs={"slug": event.slug, "kind": "registration", "pk": registration.pk},
    )
    staff_client.post(url, {"decision": "approved"})
    registration.refresh_from_db()
    assert registration.status == Status.CONFIRMED


def test_decision_on_another_events_application_is_not_found(staff_client, event):
    sponsor = SponsorApplicationFactory()
    url = reverse(
        "events_staff:submission-decide", kwargs={"slug": event.slug, "kind": "sponsor", "pk": sponsor.pk}
    )
    assert staff_client.post(url, {"decision": "approved"}).status_code == 404


def test_decision_notifies_a_member_with_that_email(staff_client, event, monkeypatch):
    calls = []
    monkeypatch.setattr("apps.events.services.notify", lambda **kwargs: calls.append(kwargs))
    member = UserFactory(email="volunteer-member@example.com")
    volunteer = VolunteerApplicationFactory(event=event, email="volunteer-member@example.com")
    url = reverse(
        "events_staff:submission-decide", kwargs={"slug": event.slug, "kind": "volunteer", "pk": volunteer.pk}
    )
    staff_client.post(url, {"decision": "approved"})
    assert calls and calls[0]["recipient"] == member and calls[0]["kind"] == "event_decision"


def _run_export(staff_client, event, kind, file_format, status="", django_capture_on_commit_callbacks=None):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("events_staff:export-create", kwargs={"slug": event.slug, "kind": kind}),
            {"format": file_format, "status": status},
        )
    assert response.status_code == 302
    return Export.objects.latest("pk"), response["Location"]


def test_csv_export_runs_as_a_task_with_progress_and_download(
    staff_client, event, django_capture_on_commit_callbacks, tmp_path
):
    RegistrationFactory(
        event=event, first_name='=HYPERLINK("http://evil")', status=Status.CONFIRMED, ticket_code="ABCDEFGHJK"
    )
    RegistrationFactory(event=event, last_name="Adeyemi", participant_categories=["student", "founder"])
    export, status_page = _run_export(
        staff_client,
        event,
        "registration",
        "csv",
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    assert export.state == Export.State.DONE and export.total == 2
    assert export.file.path.startswith(str(tmp_path / "private"))  # private storage, never public media
    html = staff_client.get(status_page).content.decode()
    assert "<progress" in html and 'value="100"' in html and "Download" in html
    assert "every 1s" not in html  # finished: polling stops
    response = staff_client.get(reverse("exports:export-download", kwargs={"pk": export.pk}))
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:4] == ["id", "status", "created_at", "confirmed_at"]
    assert "first_name" in rows[0] and "ticket_code" in rows[0]
    assert len(rows) == 3
    first_name = rows[0].index("first_name")
    assert rows[1][first_name].startswith("'=")  # no formula injection
    categories = rows[0].index("participant_categories")
    assert rows[2][categories] == "student; founder"


def test_xlsx_export_contains_the_rows(staff_client, event, django_capture_on_commit_callbacks):
    SponsorApplicationFactory(event=event, org_name="Lagoon Cloud", status=Status.APPROVED)
    SponsorApplicationFactory(event=event, org_name="Pivot", status=Status.REJECTED)
    export, _ = _run_export(
        staff_client,
        event,
        "sponsor",
        "xlsx",
        status="approved",
        django_capture_on_commit_callbacks=django_capture_on_commit_callbacks,
    )
    response = staff_client.get(reverse("exports:export-download", kwargs={"pk": export.pk}))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert rows[0][0] == "id" and "org_name" in rows[0]
    assert len(rows) == 2
    assert rows[1][rows[0].index("org_name")] == "Lagoon Cloud"
    assert rows[1][rows[0].index("status")] == "Approved"


def test_pending_export_polls_for_progress(staff_client, event):
    export = Export.objects.create(
        source="events.registration",
        params={"event": event.pk, "status": "", "q": ""},
        format="csv",
        total=200,
        done=50,
        state=Export.State.RUNNING,
    )
    response = staff_client.get(
        reverse("exports:export-status", kwargs={"pk": export.pk}), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="export-progress"')
    assert 'data-hx-trigger="every 1s"' in html and 'value="25"' in html


def test_export_download_is_staff_only(member_client, event):
    export = Export.objects.create(
        source="events.registration", params={"event": event.pk}, format="csv", state=Export.State.DONE
    )
    assert member_client.get(reverse("exports:export-download", kwargs={"pk": export.pk})).status_code == 404


def test_check_in_shows_name_and_category_then_already_checked_in(staff_client, event):
    registration = RegistrationFactory(
        event=event, status=Status.CONFIRMED, ticket_code="K7MQ2XPB9D", participant_categories=["founder"]
    )
    url = reverse("events_staff:check-in", kwargs={"slug": event.slug})
    assert 'src="/static/js/events.js"' in staff_client.get(url).content.decode()
    first = staff_client.post(url, {"code": "k7mq-2xpb9d"}).content.decode()
    assert "Welcome, Adeola" in first and "Startup founder" in first
    registration.refresh_from_db()
    assert registration.checked_in_at is not None and registration.checked_in_by == staff_client.user
    second = staff_client.post(url, {"code": "K7MQ2XPB9D"}, headers={"HX-Request": "true"}).content.decode()
    local = registration.checked_in_at.astimezone(__import__("zoneinfo").ZoneInfo("Africa/Lagos"))
    assert f"Already checked in at {local:%H:%M}" in second
    assert second.lstrip().startswith('<div id="check-in"')


def test_check_in_rejects_unknown_cancelled_and_other_events_tickets(staff_client, event):
    RegistrationFactory(event=event, status=Status.CANCELLED, ticket_code="CANCELLED2")
    RegistrationFactory(status=Status.CONFIRMED, ticket_code="OTHEREVNT2")
    url = reverse("events_staff:check-in", kwargs={"slug": event.slug})
    for code in ("NOPE", "CANCELLED2", "OTHEREVNT2"):
        assert "No valid ticket" in staff_client.post(url, {"code": code}).content.decode()
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()


def test_event_list_query_count_is_the_same_for_1_and_50_events(client, event, assert_page_queries):
    from tests.events.factories import EventFactory

    # upcoming, past; the `event` fixture is the first row, so add none, then 49
    url = reverse("events:event-list")
    page = assert_page_queries(client, url, add_rows=EventFactory.create_batch, rows=(0, 49), expected=2)
    assert page.response.content.decode().count('class="card card-link') == 50


def test_dashboard_query_count_does_not_grow_with_submissions(staff_client, event, assert_page_queries):
    def add_submissions(n):
        RegistrationFactory.create_batch(n, event=event)
        SponsorApplicationFactory.create_batch(n, event=event)

    url = reverse("events_staff:dashboard", kwargs={"slug": event.slug})
    # device, event, stats, categories
    assert_page_queries(staff_client, url, add_rows=add_submissions, expected=4)


def test_dashboard_counts_per_form_and_status_and_per_day(event):
    from apps.events.selectors import event_stats

    RegistrationFactory.create_batch(2, event=event, status=Status.CONFIRMED)
    RegistrationFactory(event=event, status=Status.WAITLISTED)
    SponsorApplicationFactory(event=event, status=Status.APPROVED)
    RegistrationFactory(status=Status.CONFIRMED)  # another event
    counts, per_day = event_stats(event=event)
    by_kind = {row["kind"]: row for row in counts}
    assert by_kind["registration"]["total"] == 3
    assert ("Confirmed", "confirmed", 2) in by_kind["registration"]["statuses"]
    assert ("Waiting list", "waitlisted", 1) in by_kind["registration"]["statuses"]
    assert by_kind["sponsor"]["total"] == 1 and by_kind["volunteer"]["total"] == 0
    assert len(per_day) == 30 and per_day[-1].count == 4
    assert per_day[-1].height == 180 and per_day[0].height == 0


def test_list_row_buttons_approve_and_return_to_the_list(
    staff_client, event, mailoutbox, django_capture_on_commit_callbacks
):
    exhibitor = ExhibitorApplicationFactory(event=event)
    html = staff_client.get(list_url(event, "exhibitor")).content.decode()
    assert 'value="approved"' in html and 'value="rejected"' in html
    url = reverse(
        "events_staff:submission-decide", kwargs={"slug": event.slug, "kind": "exhibitor", "pk": exhibitor.pk}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"decision": "approved", "from": "list"})
    assert response["Location"] == list_url(event, "exhibitor")
    exhibitor.refresh_from_db()
    assert exhibitor.status == Status.APPROVED
    assert len(mailoutbox) == 1


def test_export_follows_the_lists_filters(staff_client, event, django_capture_on_commit_callbacks):
    RegistrationFactory(event=event, last_name="Adeyemi", status=Status.CONFIRMED)
    RegistrationFactory(event=event, last_name="Balogun", status=Status.CONFIRMED)
    RegistrationFactory(event=event, last_name="Adeyemi-Cole", status=Status.SUBMITTED)
    html = staff_client.get(
        list_url(event, "registration"), {"q": "adeyemi", "status": "confirmed"}
    ).content.decode()
    assert 'name="q" value="adeyemi"' in html and 'name="status" value="confirmed"' in html
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("events_staff:export-create", kwargs={"slug": event.slug, "kind": "registration"}),
            {"format": "csv", "status": "confirmed", "q": "adeyemi"},
        )
    export = Export.objects.get()
    assert export.source == "events.registration"
    assert export.params == {"event": event.pk, "status": "confirmed", "q": "adeyemi"}
    assert export.total == 1
    rows = list(csv.reader(io.StringIO(export.file.open("rb").read().decode("utf-8-sig"))))
    assert len(rows) == 2 and "Adeyemi" in rows[1]
