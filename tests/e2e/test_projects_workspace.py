"""A project workspace end to end: create a practice project, invite a member who accepts,
create tasks, move one by dragging (desktop), with the select (phone) and without JavaScript,
filter, edit in the detail panel, and close a task from a signed push sent by the fake GitHub."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e


def test_workspace_journey_on_a_desktop(browser, live_server, transactional_db, fake_github, axe_violations):
    from apps.projects.models import Project, Task
    from tests.accounts.factories import UserFactory

    owner, mate = UserFactory(handle="owner_dev"), UserFactory(handle="mate_dev")
    page = logged_in_context(browser, live_server, owner, viewport={"width": 1280, "height": 900}).new_page()

    # Create a practice project.
    page.goto(f"{live_server.url}/projects/new/")
    page.get_by_label("Title").fill("Rain Gauge")
    page.get_by_label("Type").select_option("practice")
    page.get_by_role("button", name="Publish project").click()
    expect(page.get_by_role("heading", name="Rain Gauge", level=1)).to_be_visible()
    project = Project.objects.get(title="Rain Gauge")
    assert project.project_type == "practice"

    # Invite a member; they accept.
    page.goto(f"{live_server.url}/projects/{project.pk}/members/")
    page.get_by_label("Member handle").fill("@mate_dev")
    page.get_by_role("button", name="Invite", exact=True).click()
    expect(page.get_by_test_id("join-request")).to_contain_text("@mate_dev is invited")
    assert axe_violations(page) == []
    mate_page = logged_in_context(browser, live_server, mate).new_page()
    mate_page.goto(f"{live_server.url}/projects/mine/")
    mate_page.get_by_role("button", name="Accept").click()
    expect(mate_page).to_have_url(re.compile(rf"/projects/{project.pk}/board/$"))
    mate_page.context.close()

    # Create two tasks.
    for title, label in (("Build the footer", ""), ("Write tests", "ui")):
        page.goto(f"{live_server.url}/projects/{project.pk}/board/")
        page.get_by_role("link", name="New task").click()
        page.get_by_label("Title").fill(title)
        page.get_by_label("Labels").fill(label)
        if label:
            page.get_by_label("@mate_dev").check()
        page.get_by_role("button", name="Add the task").click()
        expect(page.get_by_test_id("task-card").filter(has_text=title)).to_be_visible()
    assert axe_violations(page) == []

    # Drag DT-1 to Review.
    card = page.locator("[data-task='DT-1']")
    card.drag_to(page.locator("#column-review"), source_position={"x": 12, "y": 10})
    expect(page.locator("#column-review [data-task='DT-1']")).to_be_visible()
    expect(card).to_have_attribute("data-moved", re.compile("review"))
    assert Task.objects.get(project=project, number=1).status == "review"

    # Filter by label: only the labelled task stays.
    page.get_by_label("Label").select_option("ui")
    expect(page.get_by_test_id("task-card")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"label=ui"))
    page.get_by_label("Label").select_option("")
    expect(page.get_by_test_id("task-card")).to_have_count(2)

    # Open the detail panel and edit the title there.
    page.locator("[data-task='DT-2']").get_by_role("link", name="Write tests").click()
    panel = page.locator("#task-panel")
    expect(panel.get_by_test_id("task-detail")).to_contain_text("DT-2")
    panel.get_by_role("link", name="Edit DT-2").click()
    panel.get_by_label("Title").fill("Write more tests")
    panel.get_by_role("button", name="Save DT-2").click()
    expect(panel.get_by_role("heading", name="Write more tests")).to_be_visible()
    expect(page.locator("#board [data-task='DT-2']")).to_contain_text("Write more tests")
    assert axe_violations(page) == []
    panel.get_by_role("link", name="Board").click()
    expect(panel.get_by_test_id("task-detail")).to_have_count(0)

    # Link the repository and close DT-1 from a signed push.
    page.goto(f"{live_server.url}/projects/{project.pk}/github/")
    page.get_by_label("GitHub repository").fill("octo/rain-gauge")
    page.get_by_role("button", name="Save").click()
    secret = page.get_by_test_id("webhook-secret").input_value()
    hook = page.get_by_label("Payload URL").input_value()
    payload = {
        "ref": "refs/heads/main",
        "repository": {"full_name": "octo/rain-gauge"},
        "commits": [{"id": "ab" * 20, "message": "Footer done, fixes DT-1", "url": "https://github.com/octo/rain-gauge/commit/1",
                     "author": {"name": "Owner", "email": owner.email, "username": "owner-dev"}}],
    }  # fmt: skip
    assert fake_github.deliver(hook, event="push", secret=secret, payload=payload)[0] == 202
    page.goto(f"{live_server.url}/projects/{project.pk}/tasks/1/")
    expect(page.get_by_test_id("task-status")).to_have_text("Done")
    expect(page.get_by_test_id("task-commits")).to_contain_text("Footer done, fixes DT-1")
    assert axe_violations(page) == []

    # Without JavaScript: the select and Move button post and come back to the board.
    nojs = logged_in_context(browser, live_server, owner, java_script_enabled=False).new_page()
    nojs.goto(f"{live_server.url}/projects/{project.pk}/board/")
    nojs.get_by_label("Column for DT-2").select_option("in_progress")
    nojs.get_by_role("button", name="Move DT-2", exact=True).click()
    expect(nojs.locator("#column-in_progress [data-task='DT-2']")).to_be_visible()
    nojs.context.close()


def test_workspace_on_a_phone(browser, live_server, transactional_db, axe_violations):
    from apps.projects.models import Task
    from apps.projects.services import task_create
    from tests.accounts.factories import UserFactory
    from tests.projects.factories import ProjectFactory

    dev = UserFactory(handle="phone_dev")
    project = ProjectFactory(title="Pocket Board", members={dev: "developer"})
    task_create(
        project=project, actor=project.creator, title="Tap me", priority="urgent", assignee_ids=[dev.pk]
    )
    task_create(project=project, actor=project.creator, title="Leave me", priority="low")
    context = logged_in_context(
        browser, live_server, dev, viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    for path in (
        f"/projects/{project.pk}/board/",
        f"/projects/{project.pk}/tasks/",
        f"/projects/{project.pk}/",
    ):
        page.goto(f"{live_server.url}{path}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"{path} scrolls sideways ({width}px)"
        assert axe_violations(page) == [], path

    # The list view: filter by priority, then move with the select.
    page.goto(f"{live_server.url}/projects/{project.pk}/tasks/")
    page.get_by_label("Priority").select_option("urgent")
    expect(page.get_by_test_id("task-row")).to_have_count(1)
    page.get_by_label("Column for DT-1").select_option("done")
    page.get_by_role("button", name="Move DT-1", exact=True).click()
    expect(page.get_by_test_id("task-row").filter(has_text="Tap me")).to_contain_text("Done")
    assert Task.objects.get(project=project, number=1).status == "done"

    # On the board the select moves the card with htmx, in place.
    page.goto(f"{live_server.url}/projects/{project.pk}/board/")
    page.get_by_label("Column for DT-2").select_option("review")
    page.get_by_role("button", name="Move DT-2", exact=True).click()
    expect(page.locator("#column-review [data-task='DT-2']")).to_be_visible()
    context.close()
