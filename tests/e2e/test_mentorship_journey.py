"""On a 360-px phone: a member becomes a mentor in London and sets a weekly time; another member
in Lagos finds them, asks, is accepted, books a session shown in Lagos time, gets the calendar
invite by email and sees the session on their page; then checks in on a habit and writes a
reflection on the coaching page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_find_request_book_and_coach_on_a_phone(browser, live_server, transactional_db, settings, mailoutbox,
                                                axe_violations):  # fmt: skip
    from apps.mentorship import times
    from apps.mentorship.models import Session
    from apps.mentorship.services import time_zone_set
    from tests.accounts.factories import UserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    mentor_user = UserFactory(handle="tunde", first_name="Tunde", last_name="Bakare")
    mentee = UserFactory(handle="ada", first_name="Ada", last_name="Obi")
    time_zone_set(user=mentee, time_zone="Africa/Lagos")

    # The mentor volunteers and sets a weekly time in their own zone.
    mentor_page = logged_in_context(browser, live_server, mentor_user, **PHONE).new_page()
    mentor_page.goto(f"{live_server.url}/mentors/volunteer/")
    mentor_page.get_by_label("Headline").fill("Backend engineer, payments")
    mentor_page.get_by_label("Builders").check()
    mentor_page.get_by_label("Skills").fill("Python, Django")
    mentor_page.get_by_label("Your time zone").select_option("Europe/London")
    mentor_page.get_by_role("button", name="Save mentor profile").click()
    expect(mentor_page.get_by_role("heading", name="Your weekly times (Europe/London)")).to_be_visible()
    mentor_page.get_by_label("Day").select_option("1")
    mentor_page.get_by_label("Starts at (your time)").fill("18:00")
    mentor_page.get_by_label("Length").select_option("60")
    mentor_page.get_by_role("button", name="Add this time").click()
    expect(mentor_page.locator("[data-slots]")).to_contain_text("Tuesday at 18:00 · 60 min")
    assert _fits(mentor_page)
    assert axe_violations(mentor_page) == []

    # The mentee finds them, ranked with reasons, and asks.
    page = logged_in_context(browser, live_server, mentee, **PHONE).new_page()
    page.goto(f"{live_server.url}/mentors/")
    page.get_by_label("Track").select_option("builders")
    page.get_by_label("Skills you want").fill("Python")
    page.get_by_role("button", name="Suggest mentors").click()
    card = page.locator("#mentor-results li.card").first
    expect(card).to_contain_text("Tunde Bakare")
    expect(card).to_contain_text("Mentors the Builders track")
    expect(card).to_contain_text("Knows Python (1 of 1 skills you want)")
    assert _fits(page)
    assert axe_violations(page) == []
    card.get_by_role("link", name="Tunde Bakare").click()
    expect(page.locator("[data-mentor-times]")).to_contain_text("Tuesday")
    page.get_by_label("What do you want to achieve?").fill("Get my first backend job in Lagos.")
    page.get_by_role("button", name="Send request").click()
    expect(page.locator("[data-status]")).to_have_text("Requested")
    mentorship_url = page.url

    # The mentor accepts from their own browser.
    mentor_page.goto(mentorship_url)
    mentor_page.get_by_role("button", name="Accept").click()
    expect(mentor_page.locator("[data-status]")).to_have_text("Trial")

    # The mentee books the first time offered, in Lagos time.
    page.reload()
    expect(page.get_by_text("Times in your time zone, Africa/Lagos.")).to_be_visible()
    assert _fits(page)
    assert axe_violations(page) == []
    page.locator("input[name=starts_at]").first.check()
    page.get_by_label("What would you like to talk about? (optional)").fill("My CV")
    page.get_by_role("button", name="Book this time").click()
    expect(page).to_have_url(re.compile(r"/mentors/sessions/\d+/$"))
    session = Session.objects.get(mentee=mentee)
    lagos = times.local(session.starts_at, "Africa/Lagos")
    expect(page.locator("[data-session-time]")).to_contain_text(f"{lagos:%H:%M}\N{EN DASH}")
    expect(page.locator("[data-session-time]")).to_contain_text("Africa/Lagos")
    assert (
        lagos.hour == times.local(session.starts_at, "Europe/London").hour + 1
    )  # GMT in winter, BST in summer
    assert axe_violations(page) == []

    # The invite is in the mail, as a calendar file.
    invites = [
        m for m in mailoutbox
        if m.to == [mentee.email] and any(a.get_filename() == "invite.ics" for a in m.message().walk())
    ]  # fmt: skip
    assert invites and invites[0].subject == "Mentorship session booked"

    # The session is on the mentee's page.
    page.goto(f"{live_server.url}/mentors/me/")
    expect(page.locator("[data-upcoming]")).to_contain_text("Tunde Bakare")

    # Coaching: add a habit, check in, write a reflection.
    page.goto(f"{live_server.url}/coaching/")
    page.get_by_role("textbox", name="Habit", exact=True).fill("Code for 30 minutes")
    page.get_by_role("button", name="Add habit").click()
    habit = page.locator("[data-habit]", has_text="Code for 30 minutes")
    habit.get_by_role("button", name=re.compile(r"^Check in")).click()
    expect(habit.locator("[data-streak]")).to_have_text("1")
    page.get_by_label("What went well this week?").fill("Booked my first mentorship session.")
    page.get_by_role("button", name="Save reflection").click()
    expect(page.get_by_text("Reflection saved.")).to_be_visible()
    expect(page.locator("svg title")).to_have_text("Check-ins per week, last 12 weeks")
    assert _fits(page)
    assert axe_violations(page) == []
