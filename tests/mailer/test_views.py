"""/staff/mail/: the outbox for staff, its retry button and the HTML preview; the admin."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.mailer.models import OutboxEmail
from tests.accounts.factories import UserFactory
from tests.mailer.factories import OutboxEmailFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/staff/mail/"


def _retry_url(row: OutboxEmail) -> str:
    return reverse("mailer_staff:outbox-retry", args=[row.pk])


def _preview_url(row: OutboxEmail) -> str:
    return reverse("mailer_staff:outbox-preview", args=[row.pk])


def test_staff_page_lists_undelivered_mail_with_its_error(staff_client):
    failed = OutboxEmailFactory(
        status="failed", attempts=8, last_error="SMTPServerDisconnected: <b>closed</b>", subject="Your ticket"
    )
    pending = OutboxEmailFactory(subject="Waiting mail")
    sent = OutboxEmailFactory(status="sent", subject="Delivered mail")

    response = staff_client.get(LIST_URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Your ticket" in body and "Waiting mail" in body
    assert "Delivered mail" not in body
    assert "SMTPServerDisconnected: &lt;b&gt;closed&lt;/b&gt;" in body  # errors are escaped
    assert f'action="{_retry_url(failed)}"' in body
    assert f'action="{_retry_url(pending)}"' in body
    assert f'action="{_retry_url(sent)}"' not in body


def test_status_filter_full_page_and_htmx_partial(staff_client):
    OutboxEmailFactory(status="sent", subject="Delivered mail")
    OutboxEmailFactory(status="failed", subject="Broken mail")

    full = staff_client.get(LIST_URL, {"status": "sent"})
    partial = staff_client.get(LIST_URL, {"status": "sent"}, headers={"HX-Request": "true"})

    assert "Delivered mail" in full.content.decode() and "Broken mail" not in full.content.decode()
    assert "<html" in full.content.decode()
    assert partial.content.decode().lstrip().startswith('<div id="outbox-results">')
    assert "Delivered mail" in partial.content.decode()
    assert "<html" not in partial.content.decode()


def test_unknown_status_filter_falls_back_to_attention(staff_client):
    OutboxEmailFactory(status="failed", subject="Broken mail")
    response = staff_client.get(LIST_URL, {"status": "<script>"})
    assert response.status_code == 200
    assert "Broken mail" in response.content.decode()


def test_empty_outbox_says_so(staff_client):
    response = staff_client.get(LIST_URL)
    assert "Nothing needs attention" in response.content.decode()


@pytest.mark.parametrize(("headers", "budget"), [(None, 8), ({"HX-Request": "true"}, 5)])
def test_staff_page_query_count_is_the_same_at_1_and_50_rows(
    staff_client, assert_page_queries, headers, budget
):
    def add_failed(n):
        return OutboxEmailFactory.create_batch(n, status="failed", last_error="boom")

    page = assert_page_queries(staff_client, LIST_URL, add_rows=add_failed, headers=headers)
    # Today: user, OTP device, count, rows (the session comes from the cache). The page
    # shell (base.html) is shared, so the pin is "no growth with rows" within the budget.
    assert page.count <= budget
    assert page.response.content.decode().count('class="badge badge-danger"') == 50


def test_members_cannot_see_the_outbox(member_client):
    row = OutboxEmailFactory(status="failed")
    assert member_client.get(LIST_URL).status_code == 403
    assert member_client.get(_preview_url(row)).status_code == 403
    assert member_client.post(_retry_url(row)).status_code == 403
    row.refresh_from_db()
    assert row.status == "failed"


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_staff_without_second_factor_is_sent_to_two_factor(client):
    client.force_login(UserFactory(is_staff=True))
    response = client.get(LIST_URL)
    assert response.status_code == 302
    assert reverse("accounts:two-factor") in response["Location"]


def test_retry_without_javascript_queues_and_redirects_back(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    row = OutboxEmailFactory(status="failed", attempts=8, last_error="boom")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_retry_url(row), {"next": "/staff/mail/?status=failed"}, follow=True)
    assert response.redirect_chain[-1][0] == "/staff/mail/?status=failed"
    assert "Retrying the email" in response.content.decode()
    row.refresh_from_db()
    assert row.status == "sent"
    assert len(mailoutbox) == 1


def test_retry_with_htmx_swaps_the_row(staff_client, django_capture_on_commit_callbacks):
    row = OutboxEmailFactory(status="failed", attempts=8, last_error="boom")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = staff_client.post(_retry_url(row), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr id="outbox-{row.pk}"')
    assert "Pending" in body and "Retry queued" in body
    assert len(callbacks) == 1


def test_retry_ignores_a_hostile_next_url(staff_client):
    row = OutboxEmailFactory(status="failed")
    response = staff_client.post(_retry_url(row), {"next": "https://evil.example/phish"})
    assert response.status_code == 302
    assert response["Location"] == LIST_URL


def test_retry_of_sent_mail_changes_nothing(staff_client, django_capture_on_commit_callbacks):
    row = OutboxEmailFactory(status="sent", attempts=1, sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = staff_client.post(_retry_url(row), follow=True)
    assert "nothing to retry" in response.content.decode()
    assert callbacks == []
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 1


def test_retry_needs_post_and_an_existing_row(staff_client):
    row = OutboxEmailFactory(status="failed")
    assert staff_client.get(_retry_url(row)).status_code == 405
    assert staff_client.post(reverse("mailer_staff:outbox-retry", args=[row.pk + 999])).status_code == 404


def test_preview_shows_the_html_part_sandboxed(staff_client):
    row = OutboxEmailFactory(html_body='<p style="color:red">Hi</p><script>alert(1)</script>')
    response = staff_client.get(_preview_url(row))
    assert response.status_code == 200
    assert response.content.decode() == row.html_body
    csp = response["Content-Security-Policy"]
    assert "sandbox" in csp
    assert "default-src 'none'" in csp
    assert "script-src" not in csp  # default-src 'none' applies: no script runs
    assert "style-src 'unsafe-inline'" in csp


def test_admin_lists_filters_and_searches_by_recipient(staff_client):
    OutboxEmailFactory(recipients="ada@example.com", status="failed", subject="For Ada")
    OutboxEmailFactory(recipients="bo@example.com", status="sent", subject="For Bo")
    url = reverse("admin:mailer_outboxemail_changelist")

    found = staff_client.get(url, {"q": "ada@"})
    failed = staff_client.get(url, {"status__exact": "failed"})

    assert "For Ada" in found.content.decode() and "For Bo" not in found.content.decode()
    assert "For Ada" in failed.content.decode() and "For Bo" not in failed.content.decode()


def test_admin_shows_the_mail_and_a_preview_link(staff_client):
    row = OutboxEmailFactory(text_body="Plain text part here", status="failed", last_error="boom")
    response = staff_client.get(reverse("admin:mailer_outboxemail_change", args=[row.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Plain text part here" in body
    assert _preview_url(row) in body
    assert row.message_id.replace("<", "&lt;").replace(">", "&gt;") in body


def test_admin_retry_action_requeues_failed_rows_only(
    staff_client, django_capture_on_commit_callbacks, mailoutbox
):
    failed = OutboxEmailFactory(status="failed", attempts=8)
    sent = OutboxEmailFactory(status="sent", attempts=1, sent_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:mailer_outboxemail_changelist"),
            {"action": "retry", "_selected_action": [failed.pk, sent.pk]},
            follow=True,
        )
    body = response.content.decode()
    assert "1 email queued again" in body
    assert "1 already sent or being sent" in body
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == "sent"
    assert sent.attempts == 1
    assert len(mailoutbox) == 1
