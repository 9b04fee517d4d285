"""Chaos: real worker processes are SIGKILLed mid-delivery and the SMTP server goes away for
a while; every one of 200 mails still reaches the server, none is left pending.

Real processes all the way: an aiosmtpd server in this process, a `manage.py run_huey`
consumer on the test database (restarted after each kill), and the mails enqueued by a
separate `manage.py shell` process, so delivery goes through the real on-commit → queue →
worker path. The lease and sweep interval come from the environment so the run is short."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from apps.mailer.models import OutboxEmail, message_id_for_key
from tests.fixtures.smtp import SmtpSink

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BASE_DIR = Path(settings.BASE_DIR)
TOTAL = 200

ENQUEUE_CODE = f"""
from django.db import transaction
from apps.mailer.services import email_enqueue
for start in range(0, {TOTAL}, 20):
    with transaction.atomic():
        for i in range(start, start + 20):
            email_enqueue(to=f"member{{i}}@example.com", template="mailer/welcome",
                          context={{"name": f"Member {{i}}"}}, key=f"chaos:{{i}}")
"""


def _database_url() -> str:
    db = connection.settings_dict
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{db['NAME']}"


class Worker:
    """One `manage.py run_huey` process in its own process group."""

    def __init__(self, env: dict[str, str], log: Path):
        self.env = env
        self.log = log
        self.proc: subprocess.Popen | None = None
        self.kills = 0

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                # Idle workers poll the queue at least every half second (huey's default
                # backs off to 10 s, which only slows the test down).
                [sys.executable, "manage.py", "run_huey", "--max-delay", "0.5"],
                cwd=BASE_DIR,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
            self.kills += 1
        self.proc = None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.proc = None


def _wait_for(condition, *, timeout: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}.\nWorker log tail:\n{tail}")


def _statuses() -> Counter:
    return Counter(OutboxEmail.objects.values_list("status", flat=True))


def _flush_queue(env: dict[str, str]) -> None:
    if env.get("REDIS_URL"):
        from huey import RedisHuey

        RedisHuey(env["HUEY_NAME"], url=env["REDIS_URL"]).storage.flush_all()
    else:
        from huey import SqliteHuey

        SqliteHuey(env["HUEY_NAME"], filename=str(settings.VAR_DIR / "huey.sqlite3")).storage.flush_all()


@pytest.mark.timeout(170)
def test_every_mail_delivered_despite_killed_workers_and_smtp_outage(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip(
            "The chaos test needs a database other processes can share; the SQLite test "
            "database is in memory. CI runs it on PostgreSQL (set DATABASE_URL)."
        )
    sink = SmtpSink(delay=0.05)
    sink.start()
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "CONN_MAX_AGE": "0",
        "HUEY_NAME": f"dt-mailer-chaos-{uuid.uuid4().hex[:8]}",
        "HUEY_IMMEDIATE": "false",
        "HUEY_WORKERS": "8",
        "EMAIL_URL": sink.url,
        "EMAIL_TIMEOUT": "2",
        "MAILER_LEASE_SECONDS": "3",
        "MAILER_SWEEP_INTERVAL_SECONDS": "1",
        "MAILER_RETRY_BASE_SECONDS": "0.5",
        "MAILER_RETRY_MAX_SECONDS": "2",
        "MAILER_MAX_ATTEMPTS": "100",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp_path / "worker.log"
    worker = Worker(env, log)
    expected = {message_id_for_key(f"chaos:{i}") for i in range(TOTAL)}

    def sending_now() -> bool:
        return OutboxEmail.objects.filter(status=OutboxEmail.Status.SENDING).exists()

    started = time.monotonic()
    phases: list[str] = []

    def phase(name: str) -> None:
        phases.append(f"{name} @{time.monotonic() - started:.1f}s")

    try:
        # Enqueue first (the deliveries wait in the real queue), so the kills below land
        # while plenty of mail is still in flight however fast the machine is.
        enqueue = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", ENQUEUE_CODE],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert enqueue.returncode == 0, enqueue.stderr[-3000:]
        assert OutboxEmail.objects.count() == TOTAL
        assert not OutboxEmail.objects.exclude(status=OutboxEmail.Status.PENDING).exists()
        phase("enqueued")
        worker.start()

        # Two SIGKILLs while mails are in flight (some rows are in "sending").
        for threshold in (30, 80):
            _wait_for(
                lambda t=threshold: sink.count() >= t and sending_now(),
                timeout=40,
                what=f"{threshold} mails at the SMTP server with deliveries in flight",
                log=log,
            )
            worker.kill()
            phase(f"SIGKILL at {sink.count()} received")
            assert OutboxEmail.objects.filter(status=OutboxEmail.Status.SENDING).exists()
            worker.start()

        # The SMTP server goes away while the worker keeps trying.
        _wait_for(lambda: sink.count() >= 120, timeout=40, what="120 mails received", log=log)
        sink.stop()
        phase(f"SMTP down at {sink.count()} received")
        _wait_for(
            lambda: OutboxEmail.objects.exclude(last_error="").exists(),
            timeout=20,
            what="a delivery failure to be recorded while SMTP is down",
            log=log,
        )
        time.sleep(2)
        sink.start()
        phase("SMTP up")

        def all_done() -> bool:
            statuses = _statuses()
            return statuses.get("sent", 0) == TOTAL and expected <= set(sink.message_ids())

        _wait_for(all_done, timeout=60, what="every mail sent", log=log)
        phase("all sent")
    finally:
        worker.stop()
        sink.stop()
        _flush_queue(env)

    received = Counter(sink.message_ids())
    duplicates = sum(n - 1 for n in received.values())
    retried = OutboxEmail.objects.filter(attempts__gt=1).count()
    print(
        f"\nmailer chaos: {TOTAL} mails, {sum(received.values())} deliveries received, "
        f"{duplicates} duplicate(s), {worker.kills} worker SIGKILLs, {retried} mail(s) needed "
        f"more than one attempt\n  " + ", ".join(phases)
    )
    assert worker.kills >= 2
    assert set(received) == expected
    assert _statuses() == {"sent": TOTAL}
    assert retried > 0, "the SMTP outage should have forced retries"
