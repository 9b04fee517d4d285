"""An instructor on a phone writes a new course on the site: the form, then its draft page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e


def test_instructor_creates_a_draft_course(browser, live_server, transactional_db, axe_violations):
    from django.contrib.auth.models import Permission

    from tests.accounts.factories import UserFactory

    instructor = UserFactory(handle="teacher")
    instructor.user_permissions.add(Permission.objects.get(codename="teach_course"))
    page = logged_in_context(
        browser, live_server, instructor, viewport={"width": 360, "height": 740}
    ).new_page()

    page.goto(f"{live_server.url}/learn/")
    page.get_by_role("link", name="New course").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New course")
    assert axe_violations(page) == []
    page.get_by_label("Title").fill("Git for Beginners")
    page.get_by_label("Slug").fill("git-beginners")
    page.get_by_label("Summary").fill("Save your work and share it.")
    page.get_by_label("Builders").check()
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(r"/learn/git-beginners/$"))
    expect(page.get_by_text("Draft: this course is not published")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Add a module").click()
    page.get_by_label("Title").fill("Saving work")
    page.get_by_label("Slug").fill("saving-work")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name=re.compile("Saving work"))).to_be_visible()
