"""On a 360-px phone: apply to a program, get accepted, hand in a mission, a mentor asks for
changes, hand in again, approved; the learner sees it on /me/ and the director sees the
funnel move."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def _funnel(page, live_server) -> dict[str, str]:
    page.goto(f"{live_server.url}/director/")
    cells = page.locator("[data-funnel] [data-stage]")
    return {cell.get_attribute("data-stage"): cell.inner_text() for cell in cells.all()}


def test_apply_get_accepted_hand_in_get_reviewed_and_see_it_on_me(
    browser, live_server, transactional_db, settings, axe_violations
):
    from tests.accounts.factories import UserFactory
    from tests.programs.factories import CohortFactory, MissionFactory, make_director, make_mentor

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cohort = CohortFactory(name="Spring cohort", program__title="Backend Fellowship", program__slug="backend")
    mission = MissionFactory(program=cohort.program, title="URL shortener API")
    director = make_director(cohort.program.organization, first_name="Dayo")
    mentor = make_mentor(cohort, first_name="Mira")
    learner = UserFactory(first_name="Ada", last_name="Obi")
    learner_page = logged_in_context(browser, live_server, learner, **PHONE).new_page()
    director_page = logged_in_context(browser, live_server, director, **PHONE).new_page()
    mentor_page = logged_in_context(browser, live_server, mentor, **PHONE).new_page()

    # Apply.
    learner_page.goto(f"{live_server.url}/programs/")
    learner_page.get_by_role("link", name="Backend Fellowship").click()
    expect(learner_page.get_by_role("heading", level=1)).to_have_text("Backend Fellowship")
    assert axe_violations(learner_page) == []
    learner_page.get_by_role("link", name="Apply").click()
    learner_page.get_by_label("Why this program?").fill(
        "I build Django apps at work and want a mentor's eye on them."
    )
    learner_page.get_by_label("Availability").fill("8 hours a week, WAT")
    _fits(learner_page)
    assert axe_violations(learner_page) == []
    learner_page.get_by_role("button", name="Send application").click()
    expect(learner_page).to_have_url(re.compile(r"/programs/applications/$"))
    expect(learner_page.locator("[data-status]").first).to_have_text("Awaiting review")
    assert axe_violations(learner_page) == []
    assert _funnel(director_page, live_server) == {
        "applied": "1",
        "accepted": "0",
        "active": "0",
        "completed": "0",
    }

    # The director accepts.
    director_page.goto(f"{live_server.url}/programs/backend/review/")
    director_page.get_by_label("Decision").select_option("accept")
    director_page.get_by_role("button", name="Decide").click()
    expect(director_page.get_by_text("Decision saved")).to_be_visible()
    _fits(director_page)
    assert axe_violations(director_page) == []

    # The learner hands in the mission.
    learner_page.reload()
    expect(learner_page.locator("[data-status]").first).to_have_text("Accepted")
    learner_page.get_by_role("link", name="Go to Spring cohort").click()
    expect(learner_page.get_by_role("heading", level=1)).to_have_text("Spring cohort")
    _fits(learner_page)
    assert axe_violations(learner_page) == []
    learner_page.get_by_role("link", name="URL shortener API").click()
    learner_page.get_by_label("Link to your work").fill("https://github.com/ada/shortener")
    learner_page.get_by_role("button", name="Hand in").click()
    expect(learner_page.locator("[data-position]")).to_have_text("1")
    _fits(learner_page)
    assert axe_violations(learner_page) == []

    # The mentor asks for changes.
    def review(verdict: str, comment: str) -> None:
        mentor_page.goto(f"{live_server.url}/programs/reviews/")
        expect(mentor_page.locator("[data-queue-item]")).to_have_count(1)
        mentor_page.get_by_role("link", name="Review").click()
        mentor_page.get_by_label("Yes (6 points)").check()
        mentor_page.get_by_label("Clear (4 points)").check()
        mentor_page.get_by_label("Comment").fill(comment)
        mentor_page.get_by_label(verdict, exact=True).check()
        _fits(mentor_page)
        assert axe_violations(mentor_page) == []
        mentor_page.get_by_role("button", name="Send review").click()
        expect(mentor_page.get_by_text("Review sent.")).to_be_visible()

    review("Changes requested", "It works. Add a test for the redirect, then hand it in again.")

    learner_page.reload()
    expect(learner_page.locator("[data-iteration='1'] [data-submission-status]")).to_have_text(
        "Changes requested"
    )
    expect(learner_page.locator("[data-iteration='1'] [data-review]")).to_contain_text(
        "Add a test for the redirect"
    )
    learner_page.get_by_label("Link to your work").fill("https://github.com/ada/shortener/tree/tests")
    learner_page.get_by_role("button", name="Hand in").click()
    expect(learner_page.locator("[data-iteration='2'] [data-submission-status]")).to_have_text(
        "Waiting for a mentor"
    )

    review("Approved", "Tested and clear. Well done.")

    # The learner sees it on /me/, and the director sees the funnel move.
    learner_page.goto(f"{live_server.url}/me/")
    expect(learner_page.locator(f"[data-me-mission='{mission.pk}']")).to_have_text("Approved")
    expect(learner_page.locator("[data-card='cohort']")).to_contain_text("Completed")
    _fits(learner_page)
    assert axe_violations(learner_page) == []
    assert _funnel(director_page, live_server) == {
        "applied": "1",
        "accepted": "1",
        "active": "1",
        "completed": "1",
    }
    _fits(director_page)
    assert axe_violations(director_page) == []
