"""Filter hackathons by technology, join one, team up by link, submit, get judged and ranked."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e


def test_filter_join_team_submit_judge_publish(browser, live_server, transactional_db, settings):
    from django.contrib.auth.models import Permission

    from apps.hackathons.models import Submission
    from apps.profiles.services import skill_get_or_create
    from tests.accounts.factories import UserFactory
    from tests.hackathons.factories import CriterionFactory, HackathonFactory, JudgeFactory, set_phase

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organiser = UserFactory(handle="org")
    organiser.user_permissions.add(Permission.objects.get(codename="organise_hackathon"))
    leader, mate = UserFactory(handle="leader"), UserFactory(handle="mate")
    go, python = skill_get_or_create(name="Go"), skill_get_or_create(name="Python")
    hackathon = HackathonFactory(title="Rain Hack", slug="rain-hack", phase="running", organiser=organiser)
    hackathon.technologies.add(go)
    HackathonFactory(title="Snake Sprint", phase="open").technologies.add(python)
    CriterionFactory(hackathon=hackathon, name="Impact", weight=100)
    JudgeFactory(hackathon=hackathon, user=organiser)

    errors: list[str] = []
    leader_context = logged_in_context(browser, live_server, leader)
    page = leader_context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # Filter by technology: the results swap, the URL follows, and back restores it.
    page.goto(f"{live_server.url}/hackathons/")
    cards = page.locator("#results article")
    expect(cards).to_have_count(2)
    page.get_by_label("Technology").select_option("go")
    expect(page).to_have_url(re.compile(r"technology=go"))
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Rain Hack")
    page.get_by_label("Technology").select_option("python")
    expect(page).to_have_url(re.compile(r"technology=python"))
    expect(cards.first).to_contain_text("Snake Sprint")
    page.go_back()
    expect(page).to_have_url(re.compile(r"technology=go"))
    expect(page.locator("#results article")).to_have_count(1)
    expect(page.locator("#results article").first).to_contain_text("Rain Hack")
    expect(page.get_by_label("Technology")).to_have_value("go")

    # Open it, join, create a team.
    page.get_by_role("link", name="Rain Hack").click()
    expect(page.get_by_role("heading", name="Rain Hack", level=1)).to_be_visible()
    page.get_by_role("button", name="Join hackathon").click()
    expect(page.get_by_text("You are taking part")).to_be_visible()
    page.get_by_role("link", name="Find or create a team").click()
    page.get_by_label("Team name").fill("Night Owls")
    page.get_by_label("Looking for (skills)").fill("Design")
    page.get_by_role("button", name="Create team").click()
    expect(page.get_by_role("heading", name="Night Owls")).to_be_visible()
    expect(page.get_by_role("button", name="Copy")).to_be_visible()  # hackathons.js ran under the CSP
    join_link = page.locator("[data-join-link]").input_value()
    assert "/hackathons/rain-hack/teams/join/" in join_link

    # A second member joins by the link.
    mate_page = logged_in_context(browser, live_server, mate).new_page()
    mate_page.goto(join_link)
    mate_page.get_by_role("button", name="Join team").click()
    expect(mate_page.get_by_role("link", name="@mate")).to_be_visible()
    expect(mate_page.get_by_text("Members (2 / 4)")).to_be_visible()

    # The leader submits.
    page.goto(f"{live_server.url}/hackathons/rain-hack/submit/")
    page.get_by_label("Project title").fill("Flood Alert")
    page.get_by_label("Description").fill("SMS alerts before floods.")
    page.get_by_label("Repository URL").fill("https://github.com/owls/flood-alert")
    page.get_by_label("Technologies").fill("Go, Twilio")
    page.get_by_role("button", name="Submit project").click()
    expect(page.get_by_text("Submission saved")).to_be_visible()
    assert Submission.objects.get().team.name == "Night Owls"

    # Submissions close; the organiser (also a judge) scores and publishes.
    set_phase(hackathon, "judging")
    org_page = logged_in_context(browser, live_server, organiser).new_page()
    org_page.goto(f"{live_server.url}/hackathons/rain-hack/judging/")
    org_page.get_by_role("link", name="Score").click()
    org_page.get_by_label("Impact (weight 100)").fill("9")
    org_page.get_by_label("Comment on impact").fill("Useful on day one.")
    org_page.get_by_role("button", name="Save scores").click()
    expect(org_page.get_by_role("link", name="Edit scores")).to_be_visible()
    org_page.goto(f"{live_server.url}/hackathons/rain-hack/leaderboard/")
    expect(org_page.get_by_text("Live preview for organisers")).to_be_visible()
    org_page.get_by_role("button", name="Publish results").click()
    expect(org_page.get_by_text("Live preview for organisers")).to_have_count(0)

    # Everyone sees the leaderboard with the team on top.
    page.goto(f"{live_server.url}/hackathons/rain-hack/leaderboard/")
    first = page.locator("tbody tr").first
    expect(first).to_contain_text("Night Owls")
    expect(first).to_contain_text("Flood Alert")
    expect(first.locator("td").first).to_have_text("1")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors


def test_list_filters_on_a_phone(phone_page, live_server, transactional_db):
    from tests.hackathons.factories import HackathonFactory

    HackathonFactory(title="Ended Jam", phase="ended")
    HackathonFactory(title="Running Jam", phase="running")
    errors: list[str] = []
    phone_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone_page.goto(f"{live_server.url}/hackathons/")
    expect(phone_page.locator("#results article")).to_have_count(1)
    phone_page.locator("summary", has_text="Filters").click()  # folded on a phone: results come first
    phone_page.get_by_label("Status").select_option("ended")
    expect(phone_page).to_have_url(re.compile(r"status=ended"))
    expect(phone_page.locator("#results article").first).to_contain_text("Ended Jam")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert not errors, errors
