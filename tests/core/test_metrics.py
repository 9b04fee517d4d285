"""Prometheus metrics at /metrics (apps.core.metrics), for a scraper holding METRICS_TOKEN."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from prometheus_client.parser import text_string_to_metric_families

from apps.core.metrics import sandbox_run_record

pytestmark = pytest.mark.django_db

TOKEN = "scrape-token-123"


@pytest.fixture
def scrape(client, settings):
    settings.METRICS_TOKEN = TOKEN

    def read() -> dict[tuple[str, tuple], float]:
        response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        return {
            (sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.content.decode())
            for sample in family.samples
        }

    return read


def test_metrics_are_off_without_a_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", TOKEN])
def test_metrics_refuse_a_scraper_without_the_token(client, settings, header):
    settings.METRICS_TOKEN = TOKEN
    headers = {"Authorization": header} if header else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert b"diceytech_" not in response.content


def test_requests_are_counted_by_view_and_status_with_latency_and_queries(client, scrape):
    before = scrape()
    key = ("diceytech_requests_total", (("method", "GET"), ("status", "200"), ("view", "privacy")))
    client.get("/privacy/")
    client.get("/privacy/")
    client.get("/no-such-page/")
    after = scrape()
    assert after[key] - before.get(key, 0) == 2
    missing = ("diceytech_requests_total", (("method", "GET"), ("status", "404"), ("view", "<unresolved>")))
    assert after[missing] - before.get(missing, 0) == 1
    count = ("diceytech_request_duration_seconds_count", (("view", "privacy"),))
    assert after[count] - before.get(count, 0) == 2
    assert ("diceytech_request_duration_seconds_bucket", (("le", "0.5"), ("view", "privacy"))) in after
    assert ("diceytech_request_queries_count", (("view", "privacy"),)) in after


def test_outbox_pending_failed_and_oldest_age_are_reported(scrape):
    from tests.mailer.factories import OutboxEmailFactory

    OutboxEmailFactory(status="pending", created_at=timezone.now() - timedelta(hours=2))
    OutboxEmailFactory(status="sending")
    OutboxEmailFactory(status="failed")
    OutboxEmailFactory(status="sent")
    metrics = scrape()
    assert metrics[("diceytech_outbox_pending", ())] == 2
    assert metrics[("diceytech_outbox_failed", ())] == 1
    assert 7200 <= metrics[("diceytech_outbox_oldest_pending_age_seconds", ())] < 7300


def test_an_empty_outbox_reports_no_age(scrape):
    metrics = scrape()
    assert metrics[("diceytech_outbox_pending", ())] == 0
    assert metrics[("diceytech_outbox_oldest_pending_age_seconds", ())] == 0


def test_running_export_jobs_are_reported(scrape):
    from apps.exports.models import Export
    from tests.exports.factories import ExportFactory

    ExportFactory(state=Export.State.RUNNING)
    ExportFactory(state=Export.State.DONE)
    metrics = scrape()
    assert metrics[("diceytech_export_jobs", (("kind", "events"), ("state", "running")))] == 1
    assert metrics[("diceytech_export_jobs", (("kind", "events"), ("state", "pending")))] == 0


def test_queue_depth_is_the_number_of_waiting_tasks(scrape):
    HUEY.storage.flush_queue()
    HUEY.storage.enqueue(b"one")
    HUEY.storage.enqueue(b"two")
    try:
        assert scrape()[("diceytech_queue_depth", ())] == 2
    finally:
        HUEY.storage.flush_queue()


def test_a_broken_source_leaves_the_others_on_the_page(scrape, monkeypatch):
    def broken():
        raise ConnectionError("redis went away")

    monkeypatch.setattr(HUEY.storage, "queue_size", broken)
    metrics = scrape()
    assert ("diceytech_queue_depth", ()) not in metrics
    assert ("diceytech_outbox_pending", ()) in metrics


def test_sandbox_runs_are_counted_by_verdict(scrape):
    before = scrape()
    sandbox_run_record("passed")
    sandbox_run_record("timeout")
    sandbox_run_record("made-up verdict")
    after = scrape()

    def grew(verdict: str) -> float:
        key = ("diceytech_sandbox_runs_total", (("verdict", verdict),))
        return after[key] - before.get(key, 0)

    assert (grew("passed"), grew("timeout"), grew("other")) == (1, 1, 1)


def test_sandbox_backlog_and_recent_verdicts_are_read_from_the_attempts(scrape):
    from apps.learning.models import Attempt
    from tests.accounts.factories import UserFactory
    from tests.learning.factories import ExerciseFactory

    exercise = ExerciseFactory()
    member = UserFactory()

    def attempt(status: str, verdict: str = "", *, age: timedelta = timedelta(minutes=5)) -> None:
        Attempt.objects.create(
            user=member,
            exercise=exercise,
            version=exercise.current_version,
            code="def add(a, b):\n    return a + b\n",
            status=status,
            verdict=verdict,
            created_at=timezone.now() - age,
        )

    attempt("queued")
    attempt("queued")
    attempt("running")
    attempt("done", "passed")
    attempt("done", "timeout")
    attempt("done", "passed", age=timedelta(hours=3))
    attempt("unavailable")
    metrics = scrape()

    def value(name: str, **labels: str) -> float:
        return metrics[(f"diceytech_{name}", tuple(sorted(labels.items())))]

    assert value("sandbox_attempts", state="queued") == 2
    assert value("sandbox_attempts", state="running") == 1
    assert value("sandbox_verdicts_last_hour", verdict="passed") == 1
    assert value("sandbox_verdicts_last_hour", verdict="timeout") == 1
    assert value("sandbox_verdicts_last_hour", verdict="crashed") == 0
    assert value("sandbox_verdicts_last_hour", verdict="unavailable") == 1
