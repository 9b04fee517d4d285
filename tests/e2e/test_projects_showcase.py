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
