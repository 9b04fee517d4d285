"""Every browser journey fails on a console error or an uncaught exception, in any page of any
context it opens, without each test having to remember to look.

A journey that provokes an error on purpose (a 429 it asserts, say) names the messages it
expects with `@pytest.mark.console_errors_expected("substring", …)`.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext


class ConsoleLog:
    def __init__(self) -> None:
        self.errors: list[str] = []

    def watch(self, context: BrowserContext) -> BrowserContext:
        context.on("console", self._on_console)
        context.on("weberror", lambda web_error: self.errors.append(f"uncaught: {web_error.error}"))
        return context

    def _on_console(self, message) -> None:
        if message.type == "error":
            location = message.location or {}
            self.errors.append(f"{message.text} ({location.get('url', '')})")


@pytest.fixture(autouse=True)
def _no_console_errors(request, monkeypatch):
    """Wraps Browser.new_context for the test, so the contexts pytest-playwright makes for
    `page` and the ones journeys make themselves are all watched."""
    log = ConsoleLog()
    new_context = Browser.new_context

    def watched_new_context(self, *args, **kwargs):
        return log.watch(new_context(self, *args, **kwargs))

    monkeypatch.setattr(Browser, "new_context", watched_new_context)
    yield log
    marker = request.node.get_closest_marker("console_errors_expected")
    expected = marker.args if marker else ()
    unexpected = [error for error in log.errors if not any(part in error for part in expected)]
    assert unexpected == [], "the browser console reported errors:\n" + "\n".join(unexpected)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "console_errors_expected(*substrings): console errors the journey provokes on purpose"
    )
