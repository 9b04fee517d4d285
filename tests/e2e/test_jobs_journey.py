"""Find a job by skill and remote, apply with a PDF CV, and follow the application as the
employer moves it to "interviewed"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def test_filter_apply_and_follow_the_pipeline(
    browser, live_server, transactional_db, settings, mailoutbox, axe_violations
):
    from apps.jobs.models import JobApplication
    from tests.accounts.factories import UserFactory
    from tests.jobs.factories import JobFactory, make_employer

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    employer = make_employer(handle="hirer")
    applicant = UserFactory(handle="ada", first_name="Ada", last_name="Obi")
    job = JobFactory(
        posted_by=employer, title="Remote Python Engineer", location_type="remote", skills=["Python"]
    )
    JobFactory(posted_by=employer, title="Lagos Python Engineer", location_type="on-site", skills=["Python"])
    JobFactory(posted_by=employer, title="Remote Product Designer", location_type="remote", skills=["Figma"])

    errors: list[str] = []
    applicant_context = logged_in_context(browser, live_server, applicant)
    page = applicant_context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # Filter by skill, then by remote: the results swap in place and the URL follows.
    page.goto(f"{live_server.url}/jobs/")
    cards = page.locator("#job-results article")
    expect(cards).to_have_count(3)
    page.get_by_label("Python", exact=True).check()
    expect(page).to_have_url(re.compile(r"skill=python"))
    expect(cards).to_have_count(2)
    page.get_by_label("Where").select_option("remote")
    expect(page).to_have_url(re.compile(r"location=remote"))
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Remote Python Engineer")
    assert axe_violations(page) == []

    # Open it and apply with a PDF CV; the form starts with the member's name and email.
    cards.first.get_by_role("link", name="Remote Python Engineer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remote Python Engineer")
    page.get_by_role("link", name="Apply now").click()
    expect(page.get_by_label("Full name")).to_have_value("Ada Obi")
    expect(page.get_by_label("Email")).to_have_value(applicant.email)
    page.get_by_label("Cover letter").fill("I have shipped Django payment systems for five years.")
    page.get_by_label("CV").set_input_files(
        {"name": "Ada Obi CV.pdf", "mimeType": "application/pdf", "buffer": TINY_PDF}
    )
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send application").click()
    expect(page).to_have_url(re.compile(r"/jobs/applications/$"))
    expect(page.locator("[data-stage]").first).to_have_text("Pending")
    application = JobApplication.objects.get(job=job, applicant=applicant)

    # The employer moves it to "interviewed" from the pipeline; the card swaps in place.
    employer_page = logged_in_context(browser, live_server, employer).new_page()
    employer_page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    employer_page.goto(f"{live_server.url}/jobs/{job.pk}/applications/")
    card = employer_page.locator(f"#application-{application.pk}")
    expect(card).to_contain_text("Ada Obi")
    card.get_by_label("Move to").select_option("interviewed")
    card.get_by_role("button", name="Move").click()
    expect(employer_page.locator(f"#application-{application.pk} [data-stage]")).to_have_text("Interviewed")
    assert axe_violations(employer_page) == []

    # The applicant sees the new stage and has the email.
    page.reload()
    expect(page.locator("[data-stage]").first).to_have_text("Interviewed")
    subjects = [(message.to, message.subject) for message in mailoutbox]
    assert (
        [applicant.email],
        "Remote Python Engineer at Paystack: your application is at the interview stage",
    ) in subjects
    assert errors == []


def test_filters_work_without_javascript_and_fit_a_phone(
    browser, live_server, transactional_db, axe_violations
):
    from tests.jobs.factories import JobFactory

    JobFactory(title="Remote Go Engineer", location_type="remote", skills=["Go"])
    JobFactory(title="Onsite Go Engineer", location_type="on-site", skills=["Go"])
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/jobs/")
    page.locator("summary", has_text="Filters").click()  # folded on a phone: results come first
    page.get_by_label("Where").select_option("remote")
    page.get_by_label("Go", exact=True).check()
    page.get_by_role("button", name="Show jobs").click()
    expect(page).to_have_url(re.compile(r"location=remote.*skill=go|skill=go.*location=remote"))
    cards = page.locator("#job-results article")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Remote Go Engineer")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()
    phone = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    phone.goto(f"{live_server.url}/jobs/")
    assert axe_violations(phone) == []
