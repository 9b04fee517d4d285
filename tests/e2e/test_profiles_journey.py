"""A member completes their profile and shares a project; another member likes it."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def _session_cookie(live_server, user) -> dict:
    client = Client()
    client.force_login(user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def _add_skill(page, typed: str, option: str) -> None:
    page.get_by_role("textbox", name="Add skills").fill(typed)
    page.get_by_role("button", name=option).click()
    expect(page.get_by_role("textbox", name="Add skills")).to_have_value("")


def test_complete_profile_share_project_and_get_a_like(
    browser, live_server, transactional_db, axe_violations, settings
):
    from apps.profiles.models import Profile, Skill
    from apps.projects.models import Project
    from tests.accounts.factories import UserFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    Skill.objects.create(name="Python", key="python", category="language")
    author, fan = UserFactory(handle="ada_builds"), UserFactory(handle="fan_one")

    context = browser.new_context()
    context.add_cookies([_session_cookie(live_server, author)])
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{live_server.url}/settings/profile/")
    expect(page.get_by_test_id("completeness-percent")).to_have_text("12%")  # only the name so far
    page.get_by_label("First name").fill("Ada")
    page.get_by_label("Last name").fill("Builder")
    page.get_by_label("Headline").fill("Backend developer")
    page.get_by_label("Bio").fill("I build **fast** things.")
    page.get_by_label("Location").fill("Ogbomoso")
    page.get_by_label("GitHub").fill("https://github.com/ada-builds")

    _add_skill(page, "pyth", "Python")
    expect(page.get_by_role("textbox", name="Add skills")).to_be_focused()  # ready for the next one
    _add_skill(page, "Elm", "Add “Elm”")
    expect(page.locator("#skill-chips input[name=skills]:checked")).to_have_count(2)

    # The blank row the page starts with goes; one row added through HTMX is filled in.
    page.locator("#exp-rows [data-timeline-row]").first.get_by_role("button", name="Remove").click()
    expect(page.locator("#exp-rows [data-timeline-row]")).to_have_count(0)
    page.get_by_role("button", name="Add experience").click()
    row = page.locator("#exp-rows [data-timeline-row]").last
    row.get_by_label("Role").fill("Engineer")
    row.get_by_label("Company").fill("Acme")
    row.get_by_label("Started").fill("2022-03-01")
    row.get_by_label("I work here now").check()

    page.get_by_label("Profile photo").set_input_files(
        {"name": "me.png", "mimeType": "image/png", "buffer": _png()}
    )
    page.get_by_role("button", name="Save profile").click()

    expect(page.get_by_test_id("completeness-percent")).to_have_text("100%")
    expect(page.locator("#completeness-meter")).to_have_attribute("value", "100")
    assert axe_violations(page) == []
    profile = Profile.objects.get(user=author)
    assert sorted(profile.skills.values_list("name", flat=True)) == ["Elm", "Python"]
    assert profile.experiences.get().company == "Acme" and profile.avatar

    page.goto(f"{live_server.url}/u/ada_builds/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Builder")
    expect(page.get_by_text("Engineer · Acme")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/projects/new/")
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Rain Radar")
    page.get_by_label("Category").select_option("web")
    page.get_by_label("Technologies").fill("Python, HTMX")
    page.get_by_label("Description").fill("Maps **rain**.")
    page.get_by_role("button", name="Publish project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rain Radar")
    project = Project.objects.get(title="Rain Radar")
    assert errors == []

    fan_context = browser.new_context()
    fan_context.add_cookies([_session_cookie(live_server, fan)])
    fan_page = fan_context.new_page()
    fan_page.goto(f"{live_server.url}/projects/{project.pk}/")
    fan_page.evaluate("window.__samePage = true")
    expect(fan_page.get_by_test_id("like-count")).to_have_text("0")
    fan_page.get_by_role("button", name="Like").click()
    expect(fan_page.get_by_test_id("like-count")).to_have_text("1")
    expect(fan_page.get_by_role("button", name="Liked")).to_have_attribute("aria-pressed", "true")
    assert fan_page.evaluate("window.__samePage") is True  # swapped in place, no reload
    project.refresh_from_db()
    assert project.likes_count == 1
    assert Profile.objects.get(user=author).points_total == 2
    context.close()
    fan_context.close()
