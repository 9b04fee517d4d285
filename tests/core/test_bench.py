"""The benchmark harness, run for a few seconds on a handful of URLs so it cannot rot."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def database_url_for_other_processes() -> str | None:
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.postgresql":
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    name = str(db["NAME"])
    if "memory" in name:
        return None
    return f"sqlite:///{name}"


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_bench_smoke_measures_the_ceiling_and_pages_and_writes_a_report():
    if shutil.which("wrk") is None:
        pytest.fail("wrk is missing: `make test` installs it (apt-get install wrk)")
    url = database_url_for_other_processes()
    if url is None:
        pytest.skip(
            "the test database lives in memory; a second process cannot open it (CI runs this on PostgreSQL)"
        )
    env = {**os.environ, "DATABASE_URL": url}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "bench",
            "--smoke",
            "--skip-seed",
            "--duration",
            "1",
            "--concurrency",
            "2",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = json.loads((ROOT / "var" / "bench" / "results.json").read_text())
    by_name = {row["name"]: row for row in report["results"]}
    assert by_name["bare view (ceiling)"]["rps"] > 0
    assert by_name["home"]["errors"] == 0
    assert by_name["home"]["status"] == 200
    ceiling = max(by_name["bare view (ceiling)"]["rps"], by_name["bare view (ceiling), again"]["rps"])
    assert by_name["home"]["share_of_bare"] == pytest.approx(by_name["home"]["rps"] / ceiling)
    assert by_name["home"]["first_load_gzip_bytes"] > by_name["home"]["gzip_bytes"]
    assert by_name["/healthz"]["queries"] >= 1
    assert "| URL | method | req/s |" in (ROOT / "var" / "bench" / "results.md").read_text()
