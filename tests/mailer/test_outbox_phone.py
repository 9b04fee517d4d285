"""The staff outbox on a 360-px phone: the table scrolls inside its box; the page itself does
not scroll sideways (screen-reader-only text in the table stays inside the scroller)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from apps.mailer.models import OutboxEmail
from tests.accounts.factories import UserFactory
from tests.mailer.factories import OutboxEmailFactory

pytestmark = pytest.mark.e2e


def test_sent_mail_table_does_not_widen_the_page_on_a_phone(phone_page, live_server):
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    OutboxEmailFactory(status=OutboxEmail.Status.SENT, subject="Welcome to DiceyTech")
    staff = UserFactory(is_staff=True, is_superuser=True)
    device = StaticDevice.objects.create(user=staff, name="e2e", confirmed=True)
    client = Client()
    client.force_login(staff)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    phone_page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )

    phone_page.goto(f"{live_server.url}/staff/mail/?status=sent")

    assert phone_page.get_by_text("Welcome to DiceyTech").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
