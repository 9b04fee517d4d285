"""manage.py mail_resend_failed re-sends failed mail, all or a chosen part of it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.mailer.models import OutboxEmail
from tests.mailer.factories import OutboxEmailFactory

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("mail_resend_failed", *args, stdout=out)
    return out.getvalue()


def test_failed_mail_is_sent_again_with_fresh_attempts(mailoutbox, django_capture_on_commit_callbacks):
    failed = OutboxEmailFactory(status="failed", attempts=8, last_error="SMTPServerDisconnected")
    sent = OutboxEmailFactory(status="sent")
    with django_capture_on_commit_callbacks(execute=True):
        output = _run()
    assert "1 failed email(s) queued" in output
    failed.refresh_from_db()
    assert failed.status == OutboxEmail.Status.SENT
    assert failed.attempts == 1
    assert [m.subject for m in mailoutbox] == [failed.subject]
    sent.refresh_from_db()
    assert sent.status == OutboxEmail.Status.SENT


def test_dry_run_changes_nothing():
    row = OutboxEmailFactory(status="failed", attempts=8)
    assert "1 failed email(s) would be re-sent" in _run("--dry-run")
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 8)


def test_hours_and_template_choose_the_rows():
    recent = OutboxEmailFactory(status="failed", template="events/confirm")
    other_template = OutboxEmailFactory(status="failed", template="jobs/applied")
    old = OutboxEmailFactory(status="failed", template="events/confirm")
    OutboxEmail.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=3))
    _run("--hours", "24", "--template", "events/confirm")
    statuses = dict(OutboxEmail.objects.values_list("pk", "status"))
    assert statuses[recent.pk] != "failed"
    assert statuses[other_template.pk] == "failed"
    assert statuses[old.pk] == "failed"


def test_limit_must_be_positive():
    with pytest.raises(CommandError, match="--limit"):
        _run("--limit", "0")
