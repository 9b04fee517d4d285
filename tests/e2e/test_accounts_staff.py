"""A new staff member logs in, is made to set up an authenticator app, and reaches /staff/."""

from __future__ import annotations

from base64 import b32decode

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_staff_enrols_an_authenticator_and_reaches_staff_pages(
    page, live_server, transactional_db, axe_violations
):
    from django_otp.oath import totp

    from tests.accounts.factories import PASSWORD, UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"{live_server.url}/accounts/login/?next=/staff/")
    page.get_by_role("textbox", name="Email").fill(staff.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

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
    assert errors == []
