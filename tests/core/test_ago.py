"""Relative times read "just now", never "0 minutes ago"."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.utils import timezone, translation
from django.utils.timesince import timesince

from apps.core.templatetags.core_tags import ago


def test_ago_says_just_now_in_the_first_minute():
    now = timezone.now()
    assert ago(now) == "just now"
    assert ago(now - timedelta(seconds=59)) == "just now"
    assert ago(now - timedelta(minutes=3)) == "3\xa0minutes ago"
    assert ago(None) == ""


def test_ago_is_available_in_every_template():
    template = engines["django"].from_string("{{ when|ago }}")
    assert template.render({"when": timezone.now()}) == "just now"


def test_no_template_writes_timesince_then_ago_by_hand():
    offenders = [
        str(path.relative_to(settings.BASE_DIR))
        for path in Path(settings.BASE_DIR, "templates").rglob("*.html")
        if "|timesince }} ago" in path.read_text()
    ]
    assert offenders == []


def test_ago_says_what_timesince_says_for_every_unit_and_plural():
    now = timezone.now()
    deltas = [timedelta(minutes=m) for m in (1, 2, 59, 61, 125, 60 * 24, 60 * 49, 60 * 24 * 8, 60 * 24 * 15)]
    deltas += [timedelta(days=d) for d in (31, 62, 365, 400, 800)]
    for delta in deltas:
        assert ago(now - delta) == f"{timesince(now - delta, now=now)} ago"


def test_ago_follows_the_active_language_after_caching_another():
    when = timezone.now() - timedelta(days=2)
    english = ago(when)
    with translation.override("fr"):
        assert ago(when) == f"{timesince(when)} ago" != english
    assert ago(when) == english
