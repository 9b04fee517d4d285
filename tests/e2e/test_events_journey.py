"""An attendee registers for OTEI on a phone, confirms, gets a ticket and is checked in."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def otei(transactional_db, settings):
    from tests.events.factories import EventFactory

    settings.EVENTS_FORM_MIN_SECONDS = 0
    settings.EVENTS_STAFF_EMAILS = []
    return EventFactory(name="OTEI 2027", slug="otei-2027", capacity=300)


def staff_session_cookie(live_server) -> dict:
    """A staff member who passed the second factor: the session tests/conftest.py's
    staff_client builds, handed to the browser as its cookie."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from tests.accounts.factories import UserFactory

    staff = UserFactory(is_staff=True, is_superuser=True)
    device = StaticDevice.objects.create(user=staff, name="e2e", confirmed=True)
    client = Client()
    client.force_login(staff)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def test_attendee_registers_confirms_and_is_checked_in(
    phone_page, browser, live_server, otei, mailoutbox, axe_violations, console_errors
):
    page = phone_page
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    page.goto(f"{live_server.url}/events/otei-2027/")
    expect(page.get_by_role("heading", level=1)).to_have_text("OTEI 2027")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Attend").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendee registration")
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.fill("#id_first_name", "Adeola")
    page.fill("#id_last_name", "Ogunleye")
    page.fill("#id_email", "adeola@example.com")
    page.fill("#id_phone", "12345")
    page.locator("#id_gender").focus()  # leaving the phone field checks it on the server
    phone_error = page.locator("#field-phone").get_by_text("Enter a valid phone number")
    expect(phone_error).to_be_visible()
    expect(page.locator("#id_phone")).to_have_value("12345")

    page.fill("#id_phone", "0803 123 4567")
    page.locator("#id_city").focus()
    expect(phone_error).to_have_count(0)

    page.select_option("#id_gender", "female")
    page.fill("#id_city", "Ogbomoso")
    page.get_by_label("Student", exact=True).check()
    page.get_by_label("Fintech", exact=True).check()
    page.select_option("#id_full_attendance", "all")
    page.select_option("#id_hear_about", "friend")
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#error-summary-title")).to_be_focused()
    expect(page.locator("#error-summary")).to_contain_text("Please tick this box to continue.")
    expect(page.locator("#id_phone")).to_have_value("0803 123 4567")
    expect(page.get_by_label("Student", exact=True)).to_be_checked()
    assert axe_violations(page) == []
    page.check("#id_physical_event_ack")
    page.get_by_role("button", name="Submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    mail = next(m for m in mailoutbox if m.to == ["adeola@example.com"])
    confirm_path = re.search(r"/events/confirm/[^/\s]+/", mail.body).group(0)
    page.goto(live_server.url + confirm_path)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your attendee registration")
    page.get_by_role("link", name="Show my ticket").click()
    qr = page.locator("[data-ticket-qr] svg")
    expect(qr).to_be_visible()
    code = page.get_by_label("Ticket code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{10}", code)

    staff_context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    staff_context.add_cookies([staff_session_cookie(live_server)])
    desk = staff_context.new_page()
    desk.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    desk.goto(f"{live_server.url}/staff/events/otei-2027/check-in/")
    expect(desk.get_by_role("heading", level=1)).to_have_text("Check-in")
    desk.get_by_label("Ticket code").fill(code.lower())
    desk.get_by_role("button", name="Check in").click()
    expect(desk.get_by_text("Welcome, Adeola Ogunleye")).to_be_visible()
    expect(desk.get_by_text("Student")).to_be_visible()
    desk.get_by_label("Ticket code").fill(code)
    desk.get_by_role("button", name="Check in").click()
    expect(desk.get_by_text(re.compile(r"Already checked in at \d\d:\d\d"))).to_be_visible()
    staff_context.close()
    assert errors == []


def test_staff_filters_a_list_and_exports_it(page, live_server, otei, axe_violations):
    from tests.events.factories import SponsorApplicationFactory

    SponsorApplicationFactory(event=otei, org_name="Lagoon Cloud")
    SponsorApplicationFactory(event=otei, org_name="Pivot Agritech")
    page.context.add_cookies([staff_session_cookie(live_server)])
    page.goto(f"{live_server.url}/staff/events/otei-2027/sponsor/")
    expect(page.get_by_text("2 results")).to_be_visible()
    assert axe_violations(page) == []
    page.evaluate("window.__sameDocument = true")
    page.get_by_label("Search").fill("lagoon")
    expect(page.get_by_text("1 result", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Pivot Agritech")).to_have_count(0)
    assert page.evaluate("window.__sameDocument") is True  # swapped in place, not reloaded
    assert page.locator("#results #results").count() == 0
    page.get_by_label("Export these results").select_option("xlsx")
    page.get_by_role("button", name="Export").click()
    expect(page.get_by_role("link", name=re.compile(r"Download sponsor-.*\.xlsx"))).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "100")
