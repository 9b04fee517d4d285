from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_home_page_renders_styled_without_console_errors(page, live_server, console_errors, axe_violations):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Build things")
    # The built Tailwind stylesheet is applied: the primary call to action is a white button.
    background = page.get_by_role("link", name="Register for OTEI").evaluate(
        "el => getComputedStyle(el).backgroundColor"
    )
    assert background == "rgb(255, 255, 255)"
    assert page.evaluate("typeof window.htmx") == "object"
    assert axe_violations(page) == []
    assert console_errors == []


def test_htmx_navigation_swaps_content_and_updates_the_url(page, live_server, console_errors, axe_violations):
    page.goto(live_server.url + "/")
    page.evaluate("window.__sameDocument = true")
    page.get_by_role("navigation", name="Footer").get_by_role("link", name="Privacy").click()
    expect(page).to_have_url(re.compile(r"/privacy/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy at DiceyTech")
    # A boosted link swaps the page in place: the document (and our marker) survives.
    assert page.evaluate("window.__sameDocument") is True
    expect(page).to_have_title(re.compile("Privacy"))
    page.go_back()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Build things")
    assert axe_violations(page) == []
    assert console_errors == []


def test_site_is_usable_on_a_phone(phone_page, live_server):
    phone_page.goto(live_server.url + "/")
    # The main navigation collapses into a menu that opens on tap.
    menu = phone_page.get_by_label("Menu")
    expect(menu).to_be_visible()
    menu.click()
    expect(phone_page.get_by_role("link", name="Hackathons").first).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page scrolls sideways on a 360-px phone"
