"""Production mode is configured from the environment at start-up, so these tests start a
fresh Python process with production variables, as a real deployment would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x7!Qm2#vR9$pL4^tW8&zN1*cB6(dF3)hJ5_kS0+gY7=uE2-aI9~oX4",
    "ALLOWED_HOSTS": "diceytech.example",
    "CSRF_TRUSTED_ORIGINS": "https://diceytech.example",
    "SITE_URL": "https://diceytech.example",
    "TRUSTED_PROXY_COUNT": "1",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.com:587",
    "SECURE_SSL_REDIRECT": "true",
    "STATIC_MANIFEST": "false",
}


# Test-only switches that a deployment never sets.
NOT_IN_PRODUCTION = {"DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE", "HUEY_IMMEDIATE"}


def production_base_env() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if key not in NOT_IN_PRODUCTION}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    base = production_base_env()
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "site_config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_the_documented_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**production_base_env(), **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_site_refuses_to_start_without_secret_key_when_debug_is_off():
    env = {**PRODUCTION_ENV}
    env.pop("SECRET_KEY")
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="diceytech.example", HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="203.0.113.5")
page = client.get("/privacy/")
plain = Client(HTTP_HOST="diceytech.example").get("/privacy/")
# The CSRF cookie as any page with a form sets it (pages without one set none).
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory
def form_page(request):
    get_token(request)
    return HttpResponse()
with_form = CsrfViewMiddleware(form_page)(RequestFactory().get("/", secure=True))
csrf = with_form.cookies[settings.CSRF_COOKIE_NAME]
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
    "csrf_cookie": {"name": csrf.key, "secure": bool(csrf["secure"]), "samesite": csrf["samesite"]},
    "session": {
        "name": settings.SESSION_COOKIE_NAME,
        "secure": settings.SESSION_COOKIE_SECURE,
        "httponly": settings.SESSION_COOKIE_HTTPONLY,
        "samesite": settings.SESSION_COOKIE_SAMESITE,
    },
}))
"""


@pytest.fixture(scope="module")
def production_response():
    result = run_python(PROBE, **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_pages_send_strict_csp_with_a_nonce(production_response):
    csp = production_response["headers"]["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split("; ")}
    assert directives["script-src"][0] == "'self'"
    assert directives["script-src"][1].startswith("'nonce-")
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_production_pages_send_security_headers(production_response):
    headers = production_response["headers"]
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_production_redirects_plain_http_to_https(production_response):
    assert production_response["plain_status"] == 301
    assert production_response["plain_location"].startswith("https://diceytech.example/")


def test_production_cookies_are_secure_and_host_bound(production_response):
    assert production_response["csrf_cookie"] == {
        "name": "__Host-csrftoken",
        "secure": True,
        "samesite": "Lax",
    }
    assert production_response["session"] == {
        "name": "__Host-sessionid",
        "secure": True,
        "httponly": True,
        "samesite": "Lax",
    }


def test_readyz_answers_503_and_healthz_200_when_the_database_is_unreachable():
    code = (
        "import json, django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='127.0.0.1')\n"
        "r, live = c.get('/readyz'), c.get('/healthz')\n"
        "print(json.dumps({'status': r.status_code, 'body': json.loads(r.content), 'live': live.status_code}))"
    )
    result = run_python(code, DEBUG="true", DATABASE_URL="postgres://postgres@127.0.0.1:1/unreachable")
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["status"] == 503
    assert outcome["body"]["database"] == "error"
    assert outcome["body"]["status"] == "error"
    # Liveness does not ask the database: a load balancer keeps the process in rotation.
    assert outcome["live"] == 200
