"""A newcomer on a 360-px phone: signs up, finds the career quiz, answers it page by page (going
back once), sees their track with its reasons, follows next steps into a course and a
hackathon, and asks the mentor about the plan. Every page fits the phone and is axe clean."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.hackathons.factories import HackathonFactory

pytestmark = pytest.mark.e2e

QUIZ_FILE = Path(django_settings.BASE_DIR) / "content" / "careers" / "quiz-v1.toml"


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def _course_for_builders():
    """A published course tagged for Builders, when the learning app has course pages."""
    try:
        from apps.learning.models import Course

        reverse("learning:course-detail", args=["x"])
    except (ImportError, NoReverseMatch):
        return None
    return Course.objects.create(
        slug="backend-basics",
        title="Backend basics",
        summary="Build and test a small web service.",
        published=True,
        tracks=["builders"],
    )


def _answer_page(page, answers: dict[str, int]) -> None:
    for fieldset in page.locator("fieldset[data-item]").all():
        key = fieldset.get_attribute("data-item")
        fieldset.locator(f'input[value="{answers[key]}"]').check()


def test_newcomer_finds_their_track_and_makes_a_plan(
    phone_page, live_server, transactional_db, settings, axe_violations
):
    from apps.careers.content import quiz_read
    from apps.careers.services import quiz_import
    from apps.mailer.models import OutboxEmail
    from tests.careers.factories import answers_leaning

    settings.MENTOR_BACKEND = "local"
    quiz = quiz_import(data=quiz_read(QUIZ_FILE), publish=True)
    answers = answers_leaning(quiz, "builders")
    now = timezone.now()
    hackathon = HackathonFactory(
        title="Backend Builders Jam",
        registration_opens_at=now - timedelta(days=1),
        registration_deadline=now + timedelta(days=5),
        starts_at=now + timedelta(days=6),
        submission_deadline=now + timedelta(days=8),
        judging_ends_at=now + timedelta(days=10),
    )
    course = _course_for_builders()
    page = phone_page

    # Sign up; the page that asks to confirm the address offers the quiz, without forcing it.
    page.goto(f"{live_server.url}/accounts/signup/")
    page.get_by_role("textbox", name="Email").fill("tracks@example.com")
    page.locator("#id_password1").fill("journey-passphrase-2027")
    page.locator("#id_password2").fill("journey-passphrase-2027")
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(page.get_by_role("link", name="How the career quiz works")).to_be_visible()
    email = OutboxEmail.objects.get(recipients="tracks@example.com")
    page.goto(re.search(r"https?://\S+/confirm-email/\S+", email.text_body).group(0))
    page.get_by_role("button", name="Confirm my email address").click()
    page.wait_for_url(f"{live_server.url}/")

    # From the menu: the quiz.
    page.get_by_label(re.compile("Account menu")).click()
    page.get_by_role("link", name="My career track").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your career quiz results")
    page.get_by_role("link", name="Take the quiz").first.click()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Technical aptitude")
    _fits(page)
    assert axe_violations(page) == []

    # Page 1, on to page 2, half of it, back to page 1, forward again: nothing is lost.
    _answer_page(page, answers)
    page.get_by_role("button", name=re.compile("^Next")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem-solving style")
    first_item = page.locator("fieldset[data-item]").first
    key = first_item.get_attribute("data-item")
    first_item.locator(f'input[value="{answers[key]}"]').check()
    page.get_by_role("button", name="← Back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Technical aptitude")
    page.get_by_role("button", name=re.compile("^Next")).click()
    expect(page.locator(f'input[name="item-{key}"][value="{answers[key]}"]')).to_be_checked()

    for heading in ("Problem-solving style", "Scenario preferences", "Work style"):
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        _fits(page)
        _answer_page(page, answers)
        page.get_by_role("button", name=re.compile("^Next|^See my result")).click()

    # The result: the track, why, charts with their tables, next steps.
    expect(page.get_by_role("heading", level=1)).to_have_text("Builders")
    expect(page.locator("[data-reasons]")).to_contain_text("counted most towards Builders")
    expect(page.get_by_role("img", name="Score per track, out of 100")).to_be_visible()
    _fits(page)
    assert axe_violations(page) == []
    result_url = page.url

    if course is not None:
        page.get_by_role("link", name="Backend basics").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Backend basics")
        page.goto(result_url)
    page.get_by_role("link", name="Backend Builders Jam").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Backend Builders Jam")
    assert hackathon.get_absolute_url() in page.url
    page.goto(result_url)

    # Ask the mentor about the plan: it is given the result.
    page.get_by_role("link", name="Ask the mentor about this plan").click()
    expect(page.get_by_test_id("context-banner")).to_contain_text("Builders")
    assert axe_violations(page) == []
    page.get_by_label("Your question").fill("What should I do first with this plan?")
    page.get_by_role("button", name="Ask").click()
    reply = page.locator('[data-role="mentor"]')
    expect(reply).to_contain_text("Career quiz result")
    _fits(page)


def test_how_it_works_history_and_staff_pages_fit_a_phone(
    phone_page, live_server, transactional_db, axe_violations
):
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from apps.careers.content import quiz_read
    from apps.careers.services import quiz_import
    from tests.accounts.factories import UserFactory
    from tests.careers.factories import finished_quiz

    quiz = quiz_import(data=quiz_read(QUIZ_FILE), publish=True)
    staff = UserFactory(is_staff=True, is_superuser=True)
    finished_quiz(staff, quiz, "researchers")
    client = Client()
    client.force_login(staff)
    session = client.session
    device = StaticDevice.objects.create(user=staff, name="e2e", confirmed=True)
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    phone_page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )

    for path in ("/careers/", "/careers/history/", "/staff/careers/", "/staff/careers/v1/items/"):
        phone_page.goto(f"{live_server.url}{path}")
        expect(phone_page.locator("h1")).to_be_visible()
        _fits(phone_page)
        assert axe_violations(phone_page) == [], path
