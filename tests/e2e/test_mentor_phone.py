"""Mentor pages on a 360-px phone: nothing scrolls the page sideways, and wide content (tables,
code) scrolls inside regions a keyboard can reach."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.mentor.factories import ConversationFactory, InteractionFactory

pytestmark = pytest.mark.e2e


def _log_in(page, live_server, user, *, second_factor: bool = False) -> None:
    client = Client()
    client.force_login(user)
    session = client.session
    if second_factor:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        device = StaticDevice.objects.create(user=user, name="e2e", confirmed=True)
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_mentor_home_with_a_long_conversation_title_fits_a_phone(phone_page, live_server, axe_violations):
    member = UserFactory()
    ConversationFactory(member=member, title="I get a KeyError when I read my JSON file. Where do I start?")
    _log_in(phone_page, live_server, member)

    phone_page.goto(f"{live_server.url}/mentor/")

    assert _page_width(phone_page) <= 360
    assert axe_violations(phone_page) == []


def test_api_reference_fits_a_phone_and_its_code_is_keyboard_reachable(
    phone_page, live_server, axe_violations
):
    phone_page.goto(f"{live_server.url}/api/mentor/v1/docs/")

    assert _page_width(phone_page) <= 360
    assert axe_violations(phone_page) == []


def test_staff_usage_dashboard_fits_a_phone(phone_page, live_server, axe_violations):
    staff = UserFactory(is_staff=True, is_superuser=True, handle="a_rather_long_staff_handle")
    InteractionFactory(member=staff, latency_ms=98_765)
    _log_in(phone_page, live_server, staff, second_factor=True)

    phone_page.goto(f"{live_server.url}/staff/mentor/")

    assert phone_page.get_by_test_id("slowest").is_visible()
    assert _page_width(phone_page) <= 360
    assert axe_violations(phone_page) == []


def test_form_fields_are_readable_in_dark_mode(browser, live_server):
    """crispy-tailwind fields were white with near-white text under prefers-color-scheme: dark."""
    member = UserFactory()
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    _log_in(page, live_server, member)
    page.goto(f"{live_server.url}/mentor/")

    colours = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('textarea[name=message]'));"
        " return [s.color, s.backgroundColor]; })()"
    )
    context.close()

    text, background = colours
    assert background != "rgb(255, 255, 255)"
    assert text != background
