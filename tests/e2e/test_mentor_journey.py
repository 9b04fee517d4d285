"""A member asks the mentor about a hackathon from the hackathon's page, sees the reply with
its sources, follows the source back to the hackathon, and reviews code."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import collect_errors, logged_in_context

pytestmark = pytest.mark.e2e


def _member_page(browser, live_server, user):
    context = logged_in_context(browser, live_server, user)
    page = context.new_page()
    return context, page, collect_errors(page)


def test_ask_the_mentor_about_a_hackathon_and_see_sources(
    browser, live_server, transactional_db, settings, axe_violations
):
    from tests.accounts.factories import UserFactory
    from tests.mentor.factories import give_skills, make_hackathon

    settings.MENTOR_BACKEND = "local"
    member = UserFactory(first_name="Ada", last_name="Obi")
    give_skills(member, "Python")
    hackathon = make_hackathon(
        title="Ogbomoso Climate Hack", description="Build tools that help farmers plan around the rains.",
        technologies=["Python", "React"], slug="ogbomoso-climate-hack",
    )  # fmt: skip
    context, page, errors = _member_page(browser, live_server, member)

    page.goto(f"{live_server.url}{hackathon.get_absolute_url()}")
    page.get_by_role("link", name="Ask the mentor about this hackathon").click()
    page.wait_for_url(f"**/mentor/?context=hackathon:{hackathon.pk}")
    expect(page.get_by_test_id("context-banner")).to_contain_text("Ogbomoso Climate Hack")
    assert axe_violations(page) == []
    page.get_by_label("Your question").fill("How should my team prepare for this hackathon?")
    page.get_by_role("button", name="Ask").click()

    reply = page.locator('[data-role="mentor"]')
    expect(reply).to_contain_text(
        "Hackathon: Ogbomoso Climate Hack: Beginner, online, registration open until"
    )
    expect(reply.get_by_role("link", name="Ogbomoso Climate Hack").first).to_be_visible()
    expect(reply).to_contain_text("React would be new to you")
    sources = reply.get_by_test_id("sources")
    expect(sources.get_by_role("link", name="Hackathon: Ogbomoso Climate Hack")).to_be_visible()
    expect(page.get_by_test_id("conversation-list")).to_contain_text("How should my team prepare")
    assert "/mentor/?c=" in page.url, "the conversation has its own URL"
    assert axe_violations(page) == []

    page.get_by_label("Your question").fill("And what should we build first?")
    page.get_by_role("button", name="Ask").click()
    expect(page.locator('[data-role="mentor"]')).to_have_count(2)

    page.get_by_role("textbox", name="Code").fill(
        "def plan(days=[]):\n    try:\n        return days\n    except:\n        pass\n"
    )
    page.get_by_role("button", name="Review").click()
    result = page.get_by_test_id("code-result")
    expect(result).to_contain_text("mutable-default")
    expect(result).to_contain_text("bare-except")

    sources.get_by_role("link", name="Hackathon: Ogbomoso Climate Hack").first.click()
    page.wait_for_url(f"**{hackathon.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ogbomoso Climate Hack")
    assert errors == []
    context.close()
