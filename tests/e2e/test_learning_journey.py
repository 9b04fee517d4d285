"""A learner on a phone: find a course, enrol, read a lesson, run an exercise in the browser
(Pyodide), submit a wrong answer and read why it failed, fix it, pass, finish the course,
download the certificate and have someone else verify it without logging in."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
WRONG = "def add(a, b):\n    return a - b\n"
RIGHT = "def add(a, b):\n    return a + b\n"
ENDLESS = "while True:\n    pass\n"


def _replace_code(page, code: str) -> None:
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    # insert_text types no Enter keys, so the editor adds no indentation of its own.
    page.keyboard.insert_text(code)


def test_learn_run_submit_finish_and_verify(browser, live_server, transactional_db, settings, axe_violations):
    from apps.learning.sandbox import sandbox_available
    from tests.accounts.factories import UserFactory
    from tests.learning.factories import CourseFactory, ExerciseFactory, LessonFactory, ModuleFactory

    available, why = sandbox_available()
    if not available:
        pytest.skip(f"the sandbox cannot run here: {why}")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    learner = UserFactory(handle="amaka", first_name="Amaka", last_name="Eze")
    course = CourseFactory(slug="python-basics", title="Python Basics", summary="Your first Python.")
    module = ModuleFactory(course=course, title="First steps")
    LessonFactory(
        module=module,
        title="Welcome to Python",
        body="Python reads like English:\n\n```python\nprint('hi')\n```",
        position=1,
    )
    ExerciseFactory(module=module, title="Add two numbers", position=2)
    CourseFactory(title="Data Stories", category="data")

    page = logged_in_context(browser, live_server, learner, **PHONE).new_page()

    # The catalogue, filtered to programming courses.
    page.goto(f"{live_server.url}/learn/")
    page.get_by_text("Filters").click()
    page.get_by_label("Category").select_option("programming")
    expect(page).to_have_url(re.compile(r"category=programming"))
    expect(page.locator("#course-results li")).to_have_count(1)
    assert axe_violations(page) == []
    page.get_by_role("link", name="Python Basics").click()

    # Enrol; "continue" opens the first lesson.
    page.get_by_role("button", name=re.compile("Enrol")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Python")
    expect(page.locator("pre.highlight")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name=re.compile("Mark as read")).click()

    # The exercise: the editor replaces the textarea; Run checks in the browser; Stop ends a
    # program that never finishes.
    expect(page.get_by_role("heading", level=1)).to_have_text("Add two numbers")
    expect(page.locator(".cm-editor")).to_be_visible()
    assert axe_violations(page) == []
    _replace_code(page, ENDLESS)
    page.get_by_role("button", name="Run tests").click()
    page.get_by_role("button", name="Stop").click()
    expect(page.locator("#run-result")).to_contain_text("Stopped.")
    _replace_code(page, WRONG)
    page.get_by_role("button", name="Run tests").click()
    run_result = page.locator("#run-result")
    expect(run_result).to_contain_text("Not yet", timeout=90_000)
    expect(run_result).to_contain_text("Expected: 5")
    expect(run_result).to_contain_text("Hint: Use +.")

    # Submit the wrong answer: the server says which test failed and what it expected.
    page.get_by_role("button", name="Submit").click()
    result = page.locator("#submit-result")
    expect(result).to_contain_text("Failed", timeout=30_000)
    expect(result).to_contain_text("Adds two numbers")
    expect(result).to_contain_text("Expected: 5")
    assert axe_violations(page) == []

    # Fix it and pass; the course is complete.
    _replace_code(page, RIGHT)
    page.get_by_role("button", name="Run tests").click()
    expect(run_result).to_contain_text("Passed", timeout=30_000)
    page.get_by_role("button", name="Submit").click()
    expect(result).to_contain_text("Passed", timeout=30_000)
    result.get_by_role("link", name=re.compile("Continue the course")).click()
    expect(page.get_by_text("Course complete")).to_be_visible()
    expect(page.get_by_label("First steps: 100% done")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Your certificate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Certificate DT-")
    number = page.get_by_role("heading", level=1).inner_text().split()[-1]

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the PDF").click()
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes())).pages[0].extract_text()
    assert "Amaka Eze" in pdf and "Python Basics" in pdf and number in pdf

    # Anyone can verify it, logged out.
    visitor = browser.new_context(**PHONE).new_page()
    visitor.goto(f"{live_server.url}/certificates/{number}/")
    expect(visitor.get_by_role("status")).to_contain_text("Valid")
    expect(visitor.locator("body")).to_contain_text("Amaka Eze")
    expect(visitor.locator("body")).to_contain_text("Python Basics")
    assert axe_violations(visitor) == []
