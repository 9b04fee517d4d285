"""Filtering the showcase swaps the results in place and keeps the URL shareable."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_filters_swap_results_and_update_the_url(
    page, live_server, transactional_db, axe_violations, console_errors
):
    from tests.projects.factories import ProjectFactory

    creator = ProjectFactory(title="Web Wonder", category="web").creator
    ProjectFactory(title="Game Gem", category="game", creator=creator)

    page.goto(f"{live_server.url}/projects/")
    expect(page.get_by_test_id("project-card")).to_have_count(2)
    page.evaluate("window.__samePage = true")
    page.get_by_label("Category").select_option("game")
    expect(page.get_by_test_id("project-card")).to_have_count(1)
    expect(page.get_by_role("link", name="Game Gem")).to_be_visible()
    page.wait_for_url("**/projects/?*category=game*")
    assert page.evaluate("window.__samePage") is True

    page.get_by_label("Category").select_option("")
    page.get_by_label("Search").fill("wonder")
    expect(page.get_by_test_id("project-card")).to_have_count(1)
    expect(page.get_by_role("link", name="Web Wonder")).to_be_visible()
    page.wait_for_url("**q=wonder*")
    assert axe_violations(page) == []
    assert console_errors == []


def test_showcase_profile_and_leaderboard_fit_a_phone_and_pass_axe(
    phone_page, live_server, transactional_db, axe_violations
):
    from apps.profiles.services import points_award
    from tests.profiles.factories import ExperienceFactory, ProfileFactory, SkillFactory
    from tests.projects.factories import ProjectFactory

    profile = ProfileFactory(user__handle="phone_dev", headline="A rather long headline " * 4)
    profile.skills.set(SkillFactory.create_batch(6))
    ExperienceFactory(profile=profile)
    project = ProjectFactory(creator=profile.user, technologies=SkillFactory.create_batch(4))
    points_award(member=profile.user, reason="hackathon_join", source=project)

    for path in ("/u/phone_dev/", "/projects/", f"/projects/{project.pk}/", "/leaderboard/"):
        phone_page.goto(f"{live_server.url}{path}")
        width = phone_page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways ({width}px)"
        assert axe_violations(phone_page) == [], path
