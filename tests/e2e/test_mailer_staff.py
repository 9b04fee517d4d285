"""A staff member finds a failed email on /staff/mail/ and retries it, in Chromium."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from apps.mailer.models import OutboxEmail
from tests.accounts.factories import UserFactory
from tests.mailer.factories import OutboxEmailFactory

pytestmark = pytest.mark.e2e


def _log_in_staff_with_second_factor(page, live_server) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    staff = UserFactory(is_staff=True, is_superuser=True)
    device = StaticDevice.objects.create(user=staff, name="e2e", confirmed=True)
    client = Client()
    client.force_login(staff)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def test_staff_retries_a_failed_email(page, live_server, console_errors, axe_violations):
    row = OutboxEmailFactory(
        status=OutboxEmail.Status.FAILED,
        attempts=8,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        subject="Your OTEI ticket",
    )
    _log_in_staff_with_second_factor(page, live_server)

    page.goto(f"{live_server.url}/staff/mail/")
    expect(page.get_by_role("heading", name="Outbox")).to_be_visible()
    expect(page.get_by_text("Connection unexpectedly closed")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Retry").click()

    # The row is swapped in place (no navigation); huey runs immediately in tests, so the
    # retried mail has gone out by the time the row comes back.
    expect(page.locator(f"#outbox-{row.pk} .badge")).to_have_text("Sent")
    assert page.url == f"{live_server.url}/staff/mail/"
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.SENT
    assert console_errors == []
