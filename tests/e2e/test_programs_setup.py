"""On a 360-px phone: a director sets up a program, its cohort and a session on the site, and
exports the learners; a mentor passes the head of their queue on. Every page fits and is axe
clean."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_director_sets_up_a_program_cohort_and_session(
    browser, live_server, transactional_db, axe_violations
):
    from apps.programs.models import Cohort, Program, ScheduleItem
    from tests.programs.factories import OrganizationFactory, make_director

    director = make_director(OrganizationFactory(name="Lagos Devs"))
    page = logged_in_context(browser, live_server, director, **PHONE).new_page()

    page.goto(f"{live_server.url}/director/")
    page.get_by_role("link", name="New program").click()
    assert axe_violations(page) == []
    _fits(page)
    page.get_by_label("Title").fill("Data Fellowship")
    page.get_by_label("Address").fill("data-fellowship")
    page.get_by_label("Summary").fill("Learn data with a mentor.")
    page.get_by_label("Description").fill("## Weeks\n\nReal work.")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("New cohort of Data Fellowship")
    assert axe_violations(page) == []
    _fits(page)
    page.get_by_label("Name").fill("Spring")
    page.get_by_label("Starts").fill("2030-03-01")
    page.get_by_label("Ends").fill("2030-06-01")
    page.get_by_label("Seats").fill("12")
    page.get_by_label("Applications open").fill("2026-01-01T09:00")
    page.get_by_label("Applications close").fill("2030-02-01T09:00")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Spring")
    page.get_by_role("link", name="Add a session").first.click()
    assert axe_violations(page) == []
    _fits(page)
    page.get_by_label("Title").fill("Kick-off call")
    page.get_by_label("Starts").fill("2030-03-01T17:00")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("Kick-off call").first).to_be_visible()
    assert Program.objects.get().organization.name == "Lagos Devs"
    assert Cohort.objects.get().capacity == 12 and ScheduleItem.objects.count() == 1


def test_a_mentor_passes_the_head_of_the_queue_on(browser, live_server, transactional_db, axe_violations):
    from apps.programs.services import SubmissionData, submission_create
    from tests.programs.factories import CohortFactory, MissionFactory, enrol, make_mentor

    cohort = CohortFactory()
    first = make_mentor(cohort)
    submission = submission_create(
        mission=MissionFactory(program=cohort.program), member=enrol(cohort).user,
        data=SubmissionData(link="https://github.com/ada/shop"),
    )  # fmt: skip
    second = make_mentor(cohort)
    page = logged_in_context(browser, live_server, first, **PHONE).new_page()

    page.goto(f"{live_server.url}/programs/reviews/")
    page.get_by_role("link", name="Review").click()
    page.get_by_text("Pass it on to another mentor").click()
    assert axe_violations(page) == []
    _fits(page)
    page.get_by_label("Why you pass it on").fill("I know this learner personally.")
    page.get_by_role("button", name="Pass it on").click()

    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()
    submission.refresh_from_db()
    assert submission.mentor == second


def test_a_director_exports_the_learners_and_downloads_the_csv(
    browser, live_server, transactional_db, axe_violations
):
    from tests.programs.factories import CohortFactory, enrol, make_director

    cohort = CohortFactory(name="Spring")
    learner = enrol(cohort).user
    director = make_director(cohort.program.organization)
    page = logged_in_context(browser, live_server, director, **PHONE).new_page()

    page.goto(f"{live_server.url}/director/")
    page.get_by_role("button", name="Learners (CSV)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Export of learners (CSV)")
    expect(page.locator("progress")).to_have_attribute("value", "100")
    assert axe_violations(page) == []
    _fits(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download learners-").click()
    content = download.value.path().read_text(encoding="utf-8-sig")
    assert learner.handle in content and "Spring" in content
    page.get_by_role("link", name="← Programs you run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programs you run")
