"""The console guard in conftest.py sees errors in every context a journey opens."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def test_console_guard_records_errors_from_contexts_a_journey_opens_itself(
    browser, live_server, _no_console_errors
):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.evaluate("console.error('a deliberate error')")
    context.close()

    assert any("a deliberate error" in error for error in _no_console_errors.errors)
    _no_console_errors.errors.clear()


@pytest.mark.console_errors_expected("an announced error")
def test_console_guard_lets_a_journey_name_the_errors_it_provokes(page, live_server, _no_console_errors):
    page.goto(f"{live_server.url}/")
    page.evaluate("console.error('an announced error')")

    assert len(_no_console_errors.errors) == 1
