"""Errors reach Sentry, from a request and from a task, with personal data scrubbed. A fresh
process configured only through SENTRY_DSN, as in production, reports to a fake ingest
server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from apps.core.sentry import scrub

ROOT = Path(__file__).resolve().parents[2]
EMAIL = "ann.lee@example.com"

SCRIPT = """
import io, json, sys, types
from wsgiref.util import setup_testing_defaults
import django
django.setup()
from django.core.wsgi import get_wsgi_application
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from huey.contrib.djhuey import db_task
import sentry_sdk

from apps.core.observability import request_id_bound


@csrf_exempt
def boom(request):
    request.POST  # the body is read, as a form view would
    raise RuntimeError("could not mail ann.lee@example.com from 203.0.113.9")


@db_task()
def failing_task(address):
    raise ValueError(f"bounce for {address}")


urls = types.ModuleType("boom_urls")
urls.urlpatterns = [path("boom/", boom)]
sys.modules["boom_urls"] = urls

# A real WSGI call, as gunicorn makes it (the test client skips the WSGI layer Sentry reads).
login = Client(HTTP_HOST="127.0.0.1")
login.force_login(get_user_model().objects.get(pk=int(sys.argv[1])))
session = login.cookies["sessionid"].value
body = b"email=ann.lee%40example.com&password=hunter2-secret"
environ = {}
setup_testing_defaults(environ)
environ.update({
    "REQUEST_METHOD": "POST",
    "PATH_INFO": "/boom/",
    "QUERY_STRING": "email=ann.lee%40example.com",
    "HTTP_HOST": "127.0.0.1",
    "REMOTE_ADDR": "203.0.113.9",
    "HTTP_COOKIE": f"sessionid={session}; tracking=ann.lee@example.com",
    "HTTP_AUTHORIZATION": "Bearer sekret-api-token",
    "HTTP_X_FORWARDED_FOR": "198.51.100.7",
    "HTTP_USER_AGENT": "Mozilla/5.0 (ann.lee@example.com)",
    "CONTENT_TYPE": "application/x-www-form-urlencoded",
    "CONTENT_LENGTH": str(len(body)),
    "wsgi.input": io.BytesIO(body),
})
answer = {}


def start_response(status, headers, exc_info=None):
    answer["status"] = int(status.split()[0])
    answer["request_id"] = dict(headers)["X-Request-ID"]


with override_settings(ROOT_URLCONF="boom_urls", DEBUG=False):
    b"".join(get_wsgi_application()(environ, start_response))
with request_id_bound("task-req-1"):
    failing_task("ann.lee@example.com")
sentry_sdk.flush(10)
print(json.dumps({**answer, "session": session}))
"""


@pytest.mark.django_db(transaction=True)
def test_an_exception_arrives_at_sentry_without_personal_data(fake_sentry):
    from tests.accounts.factories import UserFactory

    user = UserFactory(email=EMAIL, handle="annlee")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "SENTRY_DSN": fake_sentry.dsn,
        "SENTRY_ENVIRONMENT": "test",
        "HUEY_IMMEDIATE": "true",
        "REQUEST_LOG_LEVEL": "WARNING",
    }
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    else:
        pytest.skip("the report process shares the test database; SQLite's in-memory one cannot be shared")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(user.pk)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 500

    events = fake_sentry.events()
    request_event = next(e for e in events if e["exception"]["values"][-1]["type"] == "RuntimeError")
    task_event = next(e for e in events if e["exception"]["values"][-1]["type"] == "ValueError")
    assert request_event["exception"]["values"][-1]["value"] == "could not mail [email] from [ip]"
    assert request_event["tags"]["request_id"] == outcome["request_id"]
    assert request_event["environment"] == "test"
    request = request_event["request"]
    assert request["url"].endswith("/boom/")
    assert set(request) == {"method", "url", "headers"}
    assert {name.lower() for name in request["headers"]} == {"host", "content-type", "content-length"}
    assert "user" not in request_event or set(request_event["user"]) == {"id"}
    assert task_event["exception"]["values"][-1]["value"] == "bounce for [email]"
    assert task_event["tags"]["request_id"] == "task-req-1"

    raw = fake_sentry.raw()
    for secret in (
        EMAIL,
        "annlee",
        "203.0.113.9",
        "198.51.100.7",
        "sekret-api-token",
        "hunter2-secret",
        outcome["session"],
        "tracking",
        "Mozilla",
    ):
        assert secret not in raw, secret


def test_scrub_keeps_only_the_member_id_and_harmless_headers():
    event = {
        "user": {"id": 42, "email": EMAIL, "ip_address": "203.0.113.9", "username": "annlee"},
        "request": {
            "url": "https://diceytech.example/jobs/?q=ann.lee@example.com",
            "method": "POST",
            "headers": {"Cookie": "sessionid=abc", "Authorization": "Bearer x", "Accept": "text/html"},
            "cookies": {"sessionid": "abc"},
            "data": {"email": EMAIL},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
            "query_string": "q=ann.lee@example.com",
        },
        "breadcrumbs": {
            "values": [
                {"message": f"sent to {EMAIL} at 2001:db8::1:2:3:4"},
                {"category": "redis", "message": "GET 'site:1:django.contrib.sessions.cached_dbabc'"},
            ]
        },
        "spans": [{"op": "db.redis", "description": "GET 'site:1:django.contrib.sessions.cached_dbabc'"}],
        "server_name": "web-1",
    }
    scrubbed = scrub(event)
    assert scrubbed["user"] == {"id": "42"}
    assert scrubbed["request"] == {
        "method": "POST",
        "url": "https://diceytech.example/jobs/",
        "headers": {"Accept": "text/html"},
    }
    assert scrubbed["breadcrumbs"]["values"] == [{"message": "sent to [email] at [ip]"}]
    assert scrubbed["spans"] == [{"op": "db.redis", "description": "db.redis"}]
    assert "server_name" not in scrubbed


def test_sentry_is_off_without_a_dsn():
    import sentry_sdk

    assert not sentry_sdk.get_client().is_active()
