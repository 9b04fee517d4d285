"""The Procfile's web process: several gunicorn workers, one sum on /metrics (Prometheus
multiprocess mode set up by site_config/gunicorn.py), and no access log of gunicorn's own."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from prometheus_client.parser import text_string_to_metric_families

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "gunicorn-scrape-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Host": "127.0.0.1", **headers})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read()


def _requests_for(view: str, text: str) -> float:
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "diceytech_requests_total" and sample.labels.get("view") == view
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_every_worker_counts_into_one_metrics_page(tmp_path):
    web = next(line for line in (ROOT / "Procfile").read_text().splitlines() if line.startswith("web:"))
    port = _free_port()
    db = connection.settings_dict
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}:{os.environ.get('PATH', '')}",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "prometheus"),
        "METRICS_TOKEN": TOKEN,
        "DEBUG": "true",
        "LOG_FORMAT": "json",
        "REQUEST_LOG_LEVEL": "INFO",
    }
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    log = tmp_path / "web.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            ["bash", "-c", f"exec {web.split(':', 1)[1].strip()}".replace("0.0.0.0", "127.0.0.1")],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert process.poll() is None, log.read_text()[-3000:]
                assert time.monotonic() < deadline, log.read_text()[-3000:]
                time.sleep(0.2)
        for _ in range(20):
            assert _get(f"http://127.0.0.1:{port}/privacy/")[0] == 200
        totals = set()
        for _ in range(6):
            status, body = _get(f"http://127.0.0.1:{port}/metrics", Authorization=f"Bearer {TOKEN}")
            assert status == 200
            totals.add(_requests_for("privacy", body.decode()))
        assert totals == {20.0}
    finally:
        process.terminate()
        process.wait(timeout=20)
    lines = log.read_text().splitlines()
    request_lines = [line for line in lines if '"event": "request"' in line and '"/privacy/"' in line]
    assert len(request_lines) == 20
    # gunicorn's own access lines ("GET /privacy/ HTTP/1.1" 200) are not written.
    assert not [line for line in lines if '"GET /privacy/' in line]
