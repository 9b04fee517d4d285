"""Members sign up by email on a phone and log in with GitHub, in Chromium."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _no_horizontal_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_email_signup_confirmed_from_the_sent_email(
    phone_page, live_server, transactional_db, axe_violations
):
    from django.contrib.auth import get_user_model

    from apps.mailer.models import OutboxEmail

    page = phone_page
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"{live_server.url}/accounts/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Create your account")
    _no_horizontal_scroll(page)
    page.get_by_role("textbox", name="Email").fill("journey@example.com")
    page.locator("#id_password1").fill("journey-passphrase-2027")
    page.locator("#id_password2").fill("journey-passphrase-2027")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    email = OutboxEmail.objects.get(recipients="journey@example.com")
    link = re.search(r"https?://\S+/confirm-email/\S+", email.text_body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    _no_horizontal_scroll(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm my email address").click()

    user = get_user_model().objects.get(email="journey@example.com")
    expect(page.get_by_text(f"@{user.handle}").first).to_be_attached()
    assert user.emailaddress_set.get().verified

    page.goto(f"{live_server.url}/accounts/settings/")
    expect(page.get_by_role("heading", name="Where you are signed in")).to_be_visible()
    _no_horizontal_scroll(page)
    assert errors == []


def test_github_login_through_the_fake_provider(page, live_server, github_app, fake_github, axe_violations):
    from django.contrib.auth import get_user_model

    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("button", name="Continue with GitHub").click()
    expect(page.get_by_role("heading", name="Authorize DiceyTech")).to_be_visible()
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{live_server.url}/")

    user = get_user_model().objects.get(email="octo@example.com")
    assert user.github_login == "octo-dev"
    assert user.avatar_url == fake_github.user.avatar_url
    expect(page.get_by_text("@octo_dev").first).to_be_attached()

    page.goto(f"{live_server.url}/accounts/settings/")
    expect(page.get_by_text("octo-dev")).to_be_visible()
    assert axe_violations(page) == []
    assert errors == []


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_entrance_pages_are_accessible_on_a_phone(
    phone_page, live_server, transactional_db, axe_violations, path
):
    phone_page.goto(f"{live_server.url}{path}")

    assert axe_violations(phone_page) == []
    _no_horizontal_scroll(phone_page)
