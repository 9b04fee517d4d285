"""Relative times read "just now", never "0 minutes ago"."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.template import engines
from django.utils import timezone

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
