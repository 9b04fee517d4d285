"""Delivery: claiming a row, sending it through a real SMTP server, failures, retries with
backoff, the lease, the sweeper and the staff retry."""

from __future__ import annotations

import smtplib
import threading
from datetime import timedelta

import pytest
from django.core.mail import EmailMultiAlternatives
from django.db import connection, transaction
from django.utils import timezone

from apps.mailer.models import OutboxEmail, message_id_for_key
from apps.mailer.services import (
    email_claim,
    email_deliver,
    email_enqueue,
    email_retry,
    email_sweep,
)
from apps.mailer.tasks import sweep_outbox
from tests.mailer.factories import OutboxEmailFactory

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="real concurrent transactions need PostgreSQL"
)


def _due(row: OutboxEmail) -> None:
    OutboxEmail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_mail_reaches_a_real_smtp_server_with_both_parts(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = email_enqueue(
            to=["ada@example.com", "bo@example.com"],
            template="mailer/welcome",
            context={"name": "Ada & <Bo>"},
            key="real:1",
        )
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.SENT
    [message] = smtp_server.messages
    assert smtp_server.envelopes[0][1] == ["ada@example.com", "bo@example.com"]
    assert message["Message-ID"] == message_id_for_key("real:1")
    assert message["Subject"] == "Welcome to DiceyTech, Ada & <Bo>"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Hello Ada & <Bo>," in text
    assert "Hello Ada &amp; &lt;Bo&gt;," in html


def test_failed_send_is_recorded_and_retried_later(no_smtp, settings):
    settings.MAILER_RETRY_BASE_SECONDS = 30
    row = OutboxEmailFactory()
    before = timezone.now()

    assert email_deliver(pk=row.pk) == OutboxEmail.Status.PENDING

    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.PENDING
    assert row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    assert row.locked_until is None
    assert before + timedelta(seconds=29) < row.next_attempt_at < timezone.now() + timedelta(seconds=31)
    # Not due yet: a second delivery attempt right away does nothing.
    assert email_deliver(pk=row.pk) is None


def test_backoff_grows_with_each_failure(no_smtp, settings):
    settings.MAILER_RETRY_BASE_SECONDS = 10
    row = OutboxEmailFactory()
    gaps = []
    for _ in range(3):
        _due(row)
        started = timezone.now()
        email_deliver(pk=row.pk)
        row.refresh_from_db()
        gaps.append(round((row.next_attempt_at - started).total_seconds()))
    assert gaps == [10, 20, 40]


def test_row_fails_after_the_configured_attempts_and_can_be_retried(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    # The server is up but Django points elsewhere until staff retry.
    working = settings.MAILERS
    from tests.fixtures.smtp import free_port

    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": free_port(), "timeout": 2},
        }
    }
    settings.MAILER_MAX_ATTEMPTS = 3
    row = OutboxEmailFactory()
    results = []
    for _ in range(3):
        _due(row)
        results.append(email_deliver(pk=row.pk))
    assert results == ["pending", "pending", "failed"]
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.FAILED
    assert row.attempts == 3
    assert row.last_error
    # A failed row is never picked up again on its own...
    _due(row)
    assert email_deliver(pk=row.pk) is None
    assert email_sweep(now=timezone.now() + timedelta(days=1)) == 0
    # ...until staff retry it.
    settings.MAILERS = working
    with django_capture_on_commit_callbacks(execute=True):
        assert email_retry(pk=row.pk) is True
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.SENT
    assert row.attempts == 1
    assert len(smtp_server.messages) == 1


def test_permanent_rejection_fails_at_once(smtp_server):
    smtp_server.reject.add("gone@example.com")
    row = OutboxEmailFactory(recipients="gone@example.com")
    assert email_deliver(pk=row.pk) == OutboxEmail.Status.FAILED
    row.refresh_from_db()
    assert row.attempts == 1
    assert "550" in row.last_error
    assert smtp_server.messages == []


def test_sent_row_is_never_sent_again(mailoutbox):
    row = OutboxEmailFactory()
    assert email_deliver(pk=row.pk) == OutboxEmail.Status.SENT
    assert email_deliver(pk=row.pk) is None
    assert email_retry(pk=row.pk) is False
    assert email_sweep(now=timezone.now() + timedelta(days=1)) == 0
    assert len(mailoutbox) == 1


def test_claim_holds_the_row_for_one_worker_until_the_lease_ends(settings):
    settings.MAILER_LEASE_SECONDS = 60
    row = OutboxEmailFactory()
    now = timezone.now()

    claimed = email_claim(pk=row.pk, now=now)
    assert claimed is not None
    assert claimed.status == OutboxEmail.Status.SENDING
    assert claimed.attempts == 1
    assert claimed.locked_until == now + timedelta(seconds=60)
    # Another worker, during the lease: refused.
    assert email_claim(pk=row.pk, now=now + timedelta(seconds=59)) is None
    # After the lease the first worker is presumed dead; the row can be taken over.
    again = email_claim(pk=row.pk, now=now + timedelta(seconds=61))
    assert again is not None
    assert again.attempts == 2


def test_worker_whose_lease_was_taken_over_does_not_clobber_the_new_owner(monkeypatch, settings):
    settings.MAILER_LEASE_SECONDS = 60
    row = OutboxEmailFactory()
    takeover = {}

    def slow_then_failing_send(message, *args, **kwargs):
        # While this worker hangs, its lease runs out and another worker claims the row.
        takeover["row"] = email_claim(pk=row.pk, now=timezone.now() + timedelta(seconds=61))
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr(EmailMultiAlternatives, "send", slow_then_failing_send)
    assert email_deliver(pk=row.pk) is None

    row.refresh_from_db()
    assert takeover["row"] is not None
    assert row.status == OutboxEmail.Status.SENDING
    assert row.locked_until == takeover["row"].locked_until
    assert row.attempts == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_claim_a_row_exactly_once():
    row = OutboxEmailFactory()
    barrier = threading.Barrier(8)
    wins = []

    def worker():
        try:
            barrier.wait()
            if email_claim(pk=row.pk) is not None:
                wins.append(1)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert len(wins) == 1
    row.refresh_from_db()
    assert row.attempts == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_racing_transactions_with_one_key_write_one_row(django_capture_on_commit_callbacks):
    first_inserted = threading.Event()
    results: dict[str, int] = {}
    errors: list[Exception] = []

    def first():
        try:
            with transaction.atomic():
                results["first"] = email_enqueue(
                    to="ada@example.com", template="mailer/welcome", context={"name": "A"}, key="race:1"
                ).pk
                first_inserted.set()
                # Hold the uncommitted row while the second transaction tries the same key.
                threading.Event().wait(0.5)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
            first_inserted.set()
        finally:
            connection.close()

    def second():
        try:
            first_inserted.wait(10)
            with transaction.atomic():
                row = email_enqueue(
                    to="ada@example.com", template="mailer/welcome", context={"name": "B"}, key="race:1"
                )
                results["second"] = row.pk
                # The caller's transaction is still usable after losing the race.
                results["count"] = OutboxEmail.objects.count()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert results["first"] == results["second"]
    assert results["count"] == 1
    assert OutboxEmail.objects.filter(key="race:1").count() == 1
    assert OutboxEmail.objects.get(key="race:1").context == {"name": "A"}


def test_sweeper_redelivers_rows_whose_task_was_lost(settings, mailoutbox):
    settings.MAILER_LEASE_SECONDS = 60
    now = timezone.now()
    stuck_pending = OutboxEmailFactory(next_attempt_at=now - timedelta(seconds=90))
    dead_worker = OutboxEmailFactory(
        status=OutboxEmail.Status.SENDING, attempts=1, locked_until=now - timedelta(seconds=1)
    )
    fresh = OutboxEmailFactory(next_attempt_at=now - timedelta(seconds=5))
    leased = OutboxEmailFactory(status=OutboxEmail.Status.SENDING, locked_until=now + timedelta(seconds=30))
    waiting = OutboxEmailFactory(next_attempt_at=now + timedelta(minutes=5))

    # huey runs immediately in tests: each re-queued delivery happens inside the sweep.
    assert email_sweep() == 2

    statuses = dict(OutboxEmail.objects.values_list("pk", "status"))
    assert statuses[stuck_pending.pk] == "sent"
    assert statuses[dead_worker.pk] == "sent"
    assert statuses[fresh.pk] == "pending"  # its own task is still expected to run
    assert statuses[leased.pk] == "sending"
    assert statuses[waiting.pk] == "pending"
    assert sorted(m.to[0] for m in mailoutbox) == sorted([stuck_pending.recipients, dead_worker.recipients])


def test_periodic_sweep_task_sweeps_once_a_minute_by_default(settings, mailoutbox):
    settings.MAILER_SWEEP_INTERVAL_SECONDS = 60
    OutboxEmailFactory(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert sweep_outbox.call_local() == 1
    assert len(mailoutbox) == 1


def test_retry_of_a_row_being_sent_does_nothing():
    row = OutboxEmailFactory(
        status=OutboxEmail.Status.SENDING, locked_until=timezone.now() + timedelta(seconds=30)
    )
    assert email_retry(pk=row.pk) is False
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.SENDING


def test_queue_outage_at_commit_does_not_break_the_caller_and_the_sweeper_delivers(
    monkeypatch, settings, django_capture_on_commit_callbacks, mailoutbox
):
    import apps.mailer.tasks

    def queue_down(pk):
        raise ConnectionError("Redis is unreachable")

    monkeypatch.setattr(apps.mailer.tasks, "deliver_email", queue_down)
    with django_capture_on_commit_callbacks(execute=True):
        row = email_enqueue(to="ada@example.com", template="mailer/welcome", context={"name": "A"}, key="q:1")
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.PENDING
    assert mailoutbox == []

    monkeypatch.undo()
    settings.MAILER_LEASE_SECONDS = 60
    assert email_sweep(now=timezone.now() + timedelta(seconds=61)) == 1
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.SENT
    assert len(mailoutbox) == 1
