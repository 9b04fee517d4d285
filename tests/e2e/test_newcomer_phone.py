"""What a newcomer meets on a 360-px phone: results before filters, a way to sign up from the
menu, messages that leave the heading readable, readable password rules and comment actions
a finger can hit."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory
from tests.hackathons.factories import HackathonFactory
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.e2e


def _log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.session.session_key, "url": live_server.url}]
    )


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize(
    ("path", "results", "make"),
    [
        ("/hackathons/", "#results article", lambda: HackathonFactory(phase="open")),
        ("/jobs/", "#job-results article", lambda: JobFactory()),
    ],
)
def test_list_filters_fold_away_on_a_phone_and_results_come_first(
    phone_page, live_server, transactional_db, path, results, make
):
    make()
    phone_page.goto(f"{live_server.url}{path}")
    panel = phone_page.locator("details[data-open-wide]")
    expect(panel).not_to_have_attribute("open", "")
    assert _box(phone_page, results)["y"] < 740  # the first result is on the first screen
    panel.locator("summary").click()
    expect(panel.get_by_role("search")).to_be_visible()

    phone_page.goto(f"{live_server.url}{path}?q=zzz")
    expect(phone_page.locator("details[data-open-wide]")).to_have_attribute("open", "")  # filters in use


def test_list_filters_are_open_on_a_wide_screen(page, live_server, transactional_db):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{live_server.url}/jobs/")
    expect(page.locator("details[data-open-wide]")).to_have_attribute("open", "")
    expect(page.get_by_label("Search")).to_be_visible()


def test_phone_menu_offers_sign_up(phone_page, live_server, transactional_db):
    phone_page.goto(f"{live_server.url}/")
    phone_page.get_by_label("Menu").click()
    phone_page.locator("[data-menu-signup]").click()
    expect(phone_page.get_by_role("heading", name="Create your account")).to_be_visible()


def test_signup_password_rules_read_as_a_list(phone_page, live_server, transactional_db):
    phone_page.goto(f"{live_server.url}/accounts/signup/")
    rules = phone_page.locator("[id$='_helptext'] ul").first
    expect(rules).to_be_visible()
    assert rules.evaluate("el => getComputedStyle(el).listStyleType") == "disc"
    assert rules.locator("li").count() >= 2


def test_success_message_does_not_cover_the_heading_on_a_phone(phone_page, live_server, transactional_db):
    member = UserFactory()
    hackathon = HackathonFactory(phase="open", title="Rain Hack")
    _log_in(phone_page, live_server, member)
    phone_page.goto(f"{live_server.url}{hackathon.get_absolute_url()}")
    phone_page.get_by_role("button", name="Join hackathon").click()
    toast = phone_page.locator("[data-toast]").first
    expect(toast).to_be_visible()
    heading, message = _box(phone_page, "h1"), toast.bounding_box()
    overlap = min(heading["y"] + heading["height"], message["y"] + message["height"]) - max(
        heading["y"], message["y"]
    )
    assert overlap <= 0, (heading, message)


def test_comment_actions_are_at_least_24_px_tall(phone_page, live_server, transactional_db):
    member = UserFactory()
    post = PostFactory(title="Deploying on a VPS")
    CommentFactory(post=post, author=member, body="Mine", body_html="<p>Mine</p>")
    CommentFactory(post=post, body="Theirs", body_html="<p>Theirs</p>")
    _log_in(phone_page, live_server, member)
    phone_page.goto(f"{live_server.url}{post.get_absolute_url()}")
    targets = phone_page.locator(".comment-actions :is(a, button, summary)")
    assert targets.count() >= 4
    heights = targets.evaluate_all("els => els.map(el => el.getBoundingClientRect().height)")
    assert min(heights) >= 24, heights
