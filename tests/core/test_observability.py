"""Request ids, the request's and the task's log lines (apps.core.observability, apps.core.queue)."""

from __future__ import annotations

import json
import logging

import pytest
from django.http import HttpResponse
from django.urls import path
from huey.contrib.djhuey import db_task

from apps.core.observability import current_request_id, log_formatter, request_id_bound

pytestmark = pytest.mark.django_db

seen_in_task: list[str] = []


@db_task()
def remember_request_id(tag: str) -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.exists()
    seen_in_task.append(current_request_id())


@db_task()
def fail_always() -> None:
    raise RuntimeError("task failed on purpose")


def enqueueing_view(request):
    remember_request_id("from-view")
    return HttpResponse("queued")


urlpatterns = [path("enqueue/", enqueueing_view, name="enqueue")]


@pytest.fixture
def request_lines(caplog):
    caplog.set_level(logging.INFO, logger="diceytech.request")
    return lambda: [r.msg for r in caplog.records if r.name == "diceytech.request"]


@pytest.fixture
def task_lines(caplog):
    caplog.set_level(logging.INFO, logger="diceytech.task")
    return lambda: [r.msg for r in caplog.records if r.name == "diceytech.task"]


def test_each_response_carries_a_new_request_id(client):
    first, second = client.get("/healthz"), client.get("/healthz")
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_clients_own_request_id_is_ignored_without_a_trusted_proxy(client, settings):
    settings.TRUST_REQUEST_ID_HEADER = False
    response = client.get("/healthz", headers={"X-Request-ID": "chosen-by-the-client"})
    assert response["X-Request-ID"] != "chosen-by-the-client"


def test_the_trusted_proxys_request_id_is_kept_and_echoed(client, settings, request_lines):
    settings.TRUST_REQUEST_ID_HEADER = True
    response = client.get("/healthz", headers={"X-Request-ID": "lb-5f2c9a"})
    assert response["X-Request-ID"] == "lb-5f2c9a"
    assert request_lines()[-1]["request_id"] == "lb-5f2c9a"


@pytest.mark.parametrize("sent", ["two words", "line\nbreak", "x" * 200, "<script>", ""])
def test_a_malformed_proxy_request_id_is_replaced(client, settings, sent):
    settings.TRUST_REQUEST_ID_HEADER = True
    response = client.get("/healthz", headers={"X-Request-ID": sent})
    assert response["X-Request-ID"] != sent
    assert len(response["X-Request-ID"]) == 32


def test_the_request_line_names_the_member_by_id_only(member_client, request_lines):
    response = member_client.get("/notifications/?q=someone%40example.com")
    assert response.status_code == 200
    line = request_lines()[-1]
    assert line["event"] == "request"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["member_id"] == member_client.user.pk
    assert line["method"] == "GET"
    assert line["path"] == "/notifications/"
    assert line["view"] == "notifications:list"
    assert line["status"] == 200
    assert line["queries"] >= 1
    assert line["duration_ms"] > 0
    text = json.dumps(line, default=str)
    assert member_client.user.email not in text
    assert "example.com" not in text


def test_a_visitors_request_line_has_no_member_and_counts_no_queries_for_healthz(client, request_lines):
    client.get("/healthz")
    line = request_lines()[-1]
    assert line["member_id"] is None
    assert line["queries"] == 0
    assert line["view"] == "healthz"


def test_an_unknown_path_is_logged_as_unresolved(client, request_lines):
    client.get("/no-such-page/")
    assert request_lines()[-1]["view"] == "<unresolved>"
    assert request_lines()[-1]["status"] == 404


def test_a_static_file_is_logged_as_static(client, request_lines):
    from django.conf import settings

    client.get(f"{settings.STATIC_URL}css/no-such-file.css")
    assert request_lines()[-1]["view"] == "static"


def test_production_lines_are_one_json_object_each():
    formatter = log_formatter("json")
    record = logging.LogRecord("apps.jobs", logging.WARNING, __file__, 1, "job %s expired", (7,), None)
    # What another formatter (run_huey's own) leaves on a record stays out of the line.
    record.asctime, record.message = "2026-12-04 23:09:41,542", "job 7 expired"
    with request_id_bound("abc123"):
        rendered = formatter.format(record)
    assert "\n" not in rendered
    data = json.loads(rendered)
    assert data["event"] == "job 7 expired"
    assert data["level"] == "warning"
    assert data["logger"] == "apps.jobs"
    assert data["request_id"] == "abc123"
    assert data["timestamp"].endswith("Z")
    assert "asctime" not in data
    assert "message" not in data


def test_the_worker_logs_through_the_site_handler_only():
    """run_huey adds a handler of its own to a "huey" logger that has none, which would print
    every worker line twice; its per-task INFO lines repeat the task line."""
    huey_logger = logging.getLogger("huey")
    assert huey_logger.handlers
    assert not huey_logger.propagate
    assert huey_logger.level == logging.WARNING


def test_development_lines_are_readable_key_value_text():
    formatter = log_formatter("console")
    record = logging.LogRecord("apps.jobs", logging.INFO, __file__, 1, "job expired", (), None)
    with request_id_bound("abc123"):
        rendered = formatter.format(record)
    assert "job expired" in rendered
    assert "request_id=abc123" in rendered
    assert not rendered.startswith("{")


@pytest.mark.urls(__name__)
def test_a_task_enqueued_by_a_request_runs_under_its_request_id(client, task_lines):
    seen_in_task.clear()
    response = client.get("/enqueue/")
    assert seen_in_task == [response["X-Request-ID"]]
    line = task_lines()[-1]
    assert line["event"] == "task"
    assert line["task"] == "remember_request_id"
    assert line["request_id"] == response["X-Request-ID"]
    assert line["outcome"] == "ok"
    assert line["queries"] == 1
    assert isinstance(line["duration_ms"], int | float) and line["duration_ms"] >= 0


def test_a_task_enqueued_outside_a_request_gets_its_own_id(task_lines):
    seen_in_task.clear()
    remember_request_id("cron")
    assert len(seen_in_task[0]) == 32
    assert task_lines()[-1]["request_id"] == seen_in_task[0]
    assert current_request_id() == ""


def test_a_task_keeps_the_id_bound_where_it_was_enqueued_and_restores_it_after():
    seen_in_task.clear()
    with request_id_bound("outer-1"):
        remember_request_id("nested")
        assert current_request_id() == "outer-1"
    assert seen_in_task == ["outer-1"]


def test_a_failing_task_is_logged_as_an_error(task_lines):
    fail_always()
    line = task_lines()[-1]
    assert line["task"] == "fail_always"
    assert line["outcome"] == "error"
