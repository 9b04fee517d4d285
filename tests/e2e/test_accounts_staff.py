"""A new staff member logs in with a password, is told it is not enough, opens the enrolment
link another administrator issued, sets up an authenticator app, and reaches /staff/."""

from __future__ import annotations

from base64 import b32decode
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _verified_admin_context(browser, live_server):
    """Another administrator's browser, signed in and past the second factor."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from tests.accounts.factories import UserFactory

    admin = UserFactory(is_staff=True, is_superuser=True)
    device = StaticDevice.objects.create(user=admin, name="test", confirmed=True)
    client = Client()
    client.force_login(admin)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    context = browser.new_context()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


# The set-up page refuses a password alone with a 403, which the console reports.
@pytest.mark.console_errors_expected("403 (Forbidden)")
def test_staff_enrols_an_authenticator_with_an_enrolment_link_and_reaches_staff_pages(
    page, live_server, transactional_db, axe_violations
):
    from django_otp.oath import totp

    from tests.accounts.factories import PASSWORD, UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)

    page.goto(f"{live_server.url}/accounts/login/?next=/staff/")
    page.get_by_role("textbox", name="Email").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    # A password alone: no secret, no staff page.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your staff account has no second factor yet")
    expect(page.get_by_test_id("totp-secret")).to_have_count(0)
    assert axe_violations(page) == []

    admin_page = _verified_admin_context(page.context.browser, live_server).new_page()
    admin_page.goto(f"{live_server.url}/staff/two-factor/")
    admin_page.get_by_role("listitem").filter(has_text=staff.email).get_by_role(
        "button", name="Issue enrolment link"
    ).click()
    link = admin_page.get_by_test_id("enrolment-link").input_value()
    assert "/accounts/two-factor/enrol/" in link

    page.goto(live_server.url + urlparse(link).path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your authenticator app")
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert axe_violations(page) == []
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_role("textbox", name="Six-digit code from the app").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Turn on two-factor").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_test_id("recovery-codes").get_by_role("listitem")).to_have_count(10)
    page.get_by_role("link", name="I have saved them").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Staff")
    expect(page.get_by_role("link", name="Admin")).to_be_visible()
