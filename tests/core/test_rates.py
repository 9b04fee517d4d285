"""Every rate limit reads its rate from settings on each request (apps.core.rates), so a
changed setting applies at once: no rate is written into the code or read at import time."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from apps.core.rates import setting_rate
from tests.jobs.factories import JobFactory

APPS = Path(__file__).resolve().parents[2] / "apps"
LIMITERS = {"ratelimit", "is_ratelimited", "get_usage"}


def _rate_arguments() -> list[tuple[str, ast.expr]]:
    """The `rate` given to django-ratelimit's decorator and functions, and every `"rate": …`
    of a form budget written out by hand."""
    found = []
    for path in APPS.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            where = f"{path.relative_to(APPS)}:{getattr(node, 'lineno', 0)}"
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
                found += [(where, k.value) for k in node.keywords if name in LIMITERS and k.arg == "rate"]
            elif isinstance(node, ast.Dict):
                found += [
                    (where, value)
                    for key, value in zip(node.keys, node.values, strict=True)
                    if isinstance(key, ast.Constant) and key.value == "rate"
                ]
    return found


def test_no_rate_limit_fixes_its_rate_in_code_or_at_import():
    fixed = [
        where
        for where, value in _rate_arguments()
        # A literal ("30/h") or settings.X (read once, when the module is imported).
        if isinstance(value, (ast.Constant, ast.Attribute))
    ]
    assert fixed == []


def test_setting_rate_reads_the_setting_on_every_call(settings):
    rate = setting_rate("JOBS_WRITE_RATE")
    settings.JOBS_WRITE_RATE = "5/m"
    assert rate("group", None) == "5/m"
    settings.JOBS_WRITE_RATE = "7/h"
    assert rate("group", None) == "7/h"


@pytest.mark.django_db
def test_a_decorated_view_follows_a_setting_changed_after_import(member_client, settings):
    settings.JOBS_WRITE_RATE = "1/h"
    job = JobFactory()
    url = reverse("jobs:job-save", args=[job.pk])
    assert member_client.post(url, {"on": "1"}).status_code == 302
    assert member_client.post(url, {"on": "0"}).status_code == 429


@pytest.mark.django_db
def test_account_limits_are_settings(member_client, settings):
    settings.ACCOUNTS_SESSIONS_RATE = "1/h"
    url = reverse("accounts:sessions-end-others")
    assert member_client.post(url).status_code == 302
    assert member_client.post(url).status_code == 429
