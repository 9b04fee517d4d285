"""Running the benchmark: the database, gunicorn, wrk, and one profiled request per URL."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from apps.core.benchmark.report import Result, check_budgets
from apps.core.benchmark.targets import BARE_PATH, Target

ROOT = settings.BASE_DIR
OUT_DIR = settings.VAR_DIR / "bench"

# Production settings, minus what a benchmark on loopback cannot use: TLS (so no HTTPS
# redirect) and the rate limits (every request comes from 127.0.0.1, as one member).
BENCH_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-" + "k3Y!" * 12,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SITE_URL": "http://127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "RATELIMIT_ENABLE": "false",
    # The mentor API's own per-member quota (apps.mentor.limits) is a rate limit too: 16
    # connections on one member would get 429s after 20 requests.
    "MENTOR_RATE_PER_MINUTE": "100000000",
    "MENTOR_RATE_PER_DAY": "100000000",
    "BENCH_MODE": "true",
    "STATIC_MANIFEST": "true",
    "HUEY_IMMEDIATE": "false",
    "LOG_LEVEL": "WARNING",
}


# --- Preparing the site --------------------------------------------------------------------


def manage(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare_database(*, size: str, env: dict[str, str], seed: bool) -> None:
    manage("migrate", "--noinput", env=env)
    if seed:
        started = time.monotonic()
        manage("seed_demo", "--size", size, env=env)
        print(f"bench: demo data ({size}) ready in {time.monotonic() - started:.0f}s", flush=True)
    manage("collectstatic", "--noinput", "--verbosity", "0", env=env)


def analyze_database() -> None:
    """Refresh PostgreSQL's planner statistics. Right after a bulk load autovacuum has not
    analysed the new rows yet, and plans built on empty statistics (17 estimated rows for
    17,000) are wrong by orders of magnitude: the job search took 120 ms instead of 0.5 ms."""
    if connection.vendor != "postgresql":
        return
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"bench: planner statistics refreshed (ANALYZE) in {time.monotonic() - started:.1f}s", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    base: str  # http://127.0.0.1:<port>
    pid: int  # gunicorn's master; its children are the workers that serve


@contextlib.contextmanager
def gunicorn(*, port: int, env: dict[str, str], workers: int, server: str = "sync") -> Iterator[Server]:
    """gunicorn with sync workers and the WSGI application, or ("uvicorn") with uvicorn
    workers and the ASGI application, as the Procfile's web process serves it."""
    log = OUT_DIR / "gunicorn.log"
    if server == "uvicorn":
        application = ["site_config.asgi:application", "--worker-class", "uvicorn_worker.UvicornWorker"]
    else:
        module, _, app = settings.WSGI_APPLICATION.rpartition(".")
        application = [f"{module}:{app}"]
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", *application,
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--access-logfile", "-", "--error-logfile", "-", "--log-level", "warning",
            ],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log_file,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(port, process, workers=workers)
            yield Server(base=base, pid=process.pid)
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until_up(port: int, process: subprocess.Popen, *, workers: int, timeout: float = 120) -> None:
    """Wait until every worker answers: a listening socket only means the master is up, and
    a worker still importing Django would stall the first seconds of a measurement."""
    deadline = time.monotonic() + timeout
    answered = 0
    while time.monotonic() < deadline and answered < workers * 3:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited early; see {OUT_DIR / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{BARE_PATH}", timeout=30) as response:
                answered += response.status == 200
        except OSError:
            time.sleep(0.3)
    if answered < workers * 3:
        raise RuntimeError("gunicorn did not start in time")


def settle(server: Server, *, timeout: float = 90) -> None:
    """Wait until the workers are idle again. When wrk stops, the requests it had in flight
    (16 of a slow page, each taking seconds on a loaded machine) stay queued in gunicorn and
    are still served; the next URL would be measured against that backlog and get none of
    its own through. Idle: the bare view answers within a quarter of a second."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(server.base + BARE_PATH, timeout=timeout) as response:  # noqa: S310 (our own http://127.0.0.1)
                response.read()
        except OSError:
            time.sleep(0.5)
            continue
        if time.monotonic() - started < 0.25:
            return


# --- Server CPU -----------------------------------------------------------------------------

PROC = Path("/proc")


def worker_cpu_seconds(master_pid: int) -> dict[int, float] | None:
    """User plus system CPU seconds each gunicorn worker (a child of the master) has used so
    far, from /proc/<pid>/stat; None where there is no /proc (macOS)."""
    if not (PROC / str(master_pid) / "stat").exists():
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    used: dict[int, float] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone since the listing
            continue
        # The command name, in parentheses, may hold spaces: the fields after it are fixed.
        fields = stat.rpartition(")")[2].split()
        ppid, utime, stime = int(fields[1]), int(fields[11]), int(fields[12])
        if ppid == master_pid:
            used[int(entry.name)] = (utime + stime) / ticks
    return used


def cpu_ms_per_request(
    before: dict[int, float] | None, after: dict[int, float] | None, requests: int
) -> float | None:
    """Server CPU per completed request between two readings. A worker that appeared between
    them (a restart) counts whole; one that exited takes its last seconds with it, which
    can only make the figure smaller than the truth by that much."""
    if before is None or after is None or not requests:
        return None
    spent = sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())
    return spent * 1000 / requests


# --- Measuring ------------------------------------------------------------------------------

WRK_SCRIPT = r"""
local counter = 0
local thread_id = 0
local next_id = 0
function setup(thread) thread:set("tid", next_id); next_id = next_id + 1 end
function init(args) thread_id = tid end
request = function()
  if wrk.body ~= nil and string.find(wrk.body, "{email}", 1, true) then
    counter = counter + 1
    local email = string.format("bench-%s-%d-%d@example.com", RUN, thread_id, counter)
    local body = string.gsub(wrk.body, "{email}", email)
    return wrk.format(nil, nil, nil, body)
  end
  return wrk.format()
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '@@RESULT {"requests": %d, "duration_us": %d, "socket_errors": %d, "status_errors": %d, ' ..
    '"p50": %d, "p95": %d, "p99": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def run_wrk(base: str, target: Target, *, cookie: str, duration: int, concurrency: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f'RUN = "{int(time.time())}"\n' + WRK_SCRIPT)
        if target.method == "POST":
            body = urlencode(target.form or {}).replace("%7Bemail%7D", "{email}")
            script.write(f"wrk.method = 'POST'\nwrk.body = {json.dumps(body)}\n")
            script.write("wrk.headers['Content-Type'] = 'application/x-www-form-urlencoded'\n")
        for name, value in target.headers.items():
            script.write(f"wrk.headers[{json.dumps(name)}] = {json.dumps(value)}\n")
        if cookie:
            script.write(f"wrk.headers['Cookie'] = {json.dumps(cookie)}\n")
    threads = max(1, min(2, concurrency))
    completed = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{concurrency}", f"-d{duration}s", "--timeout", "10s", "-s", script.name, base + target.path],
        capture_output=True, text=True, timeout=duration + 60,
    )  # fmt: skip
    os.unlink(script.name)
    line = next((row for row in completed.stdout.splitlines() if row.startswith("@@RESULT ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no result for {target.path}: {completed.stdout}\n{completed.stderr}")
    return json.loads(line.removeprefix("@@RESULT "))


class AssetLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs_list) -> None:
        attrs = dict(attrs_list)
        if tag == "link" and attrs.get("rel") in {"stylesheet", "icon"} and attrs.get("href"):
            self.urls.append(attrs["href"])
        elif tag in {"script", "img"} and attrs.get("src"):
            self.urls.append(attrs["src"])


def profile_request(target: Target, cookie: str) -> tuple[int, int, int, int | None]:
    """Status, queries, gzip size and (for pages) first-load gzip weight of one request,
    made in-process against the same database with the page cache off, so the queries are
    those of a request that renders."""
    client = Client(headers=target.headers)
    if cookie:
        name, _, value = cookie.partition("=")
        client.cookies[name] = value
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as queries:
        if target.method == "POST":
            form = {
                k: v.replace("{email}", f"profile-{time.time_ns()}@example.com")
                for k, v in (target.form or {}).items()
            }
            response = client.post(target.path, form)
        else:
            response = client.get(target.path)
    # Count now: captured_queries reads the connection's log, which the next request (the
    # assets below) clears.
    query_count = len(queries)
    if target.session and not response.wsgi_request.user.is_authenticated:
        raise RuntimeError(f"bench: {target.name} is not signed in with the benchmark member's cookie")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    size = len(gzip.compress(body))
    first_load = None
    if target.kind == "page" and target.method == "GET":
        links = AssetLinks()
        links.feed(body.decode(errors="replace"))
        first_load = size
        for url in dict.fromkeys(links.urls):
            if url.startswith(("/", settings.STATIC_URL)) and not url.startswith("//"):
                asset = client.get(url)
                content = b"".join(asset.streaming_content) if asset.streaming else asset.content
                first_load += len(gzip.compress(content))
    return response.status_code, query_count, size, first_load


Profile = tuple[int, int, int, int | None]


def profile_all(targets: list[Target], *, cookie: str) -> dict[str, Profile]:
    """One in-process request per target, before any load (the figures do not depend on
    whether gunicorn caches pages)."""
    return {t.name: profile_request(t, cookie if t.session else "") for t in targets if t.kind != "ceiling"}


def measure(
    targets: list[Target],
    *,
    server: Server,
    cookie: str,
    duration: int,
    concurrency: int,
    profiles: dict[str, Profile],
    min_share: float,
    label: str,
) -> list[Result]:
    """Every target in turn, the bare view first and once more at the end: shares are taken of
    the faster of its two runs, so a slow start cannot flatter the pages. Server CPU is read
    from the workers just around the measured run (the warm-up is left out)."""
    ceiling = next((t for t in targets if t.kind == "ceiling"), None)
    plan = [*targets, Target(f"{ceiling.name}, again", ceiling.path, kind="ceiling")] if ceiling else targets
    results: list[Result] = []
    for target in plan:
        jar = cookie if target.session else ""
        status, queries, size, first_load = profiles.get(target.name, (None, None, None, None))
        # Warm caches and connections first: the figures are for a site in steady state.
        run_wrk(server.base, target, cookie=jar, duration=max(1, duration // 5), concurrency=concurrency)
        settle(server)
        before = worker_cpu_seconds(server.pid)
        stats = run_wrk(server.base, target, cookie=jar, duration=duration, concurrency=concurrency)
        # Read at once: what wrk left in flight is about what was in flight when it started.
        after = worker_cpu_seconds(server.pid)
        settle(server)
        seconds = stats["duration_us"] / 1_000_000 or 1
        result = Result(
            name=target.name, path=target.path, method=target.method, kind=target.kind,
            rps=stats["requests"] / seconds, p50_ms=stats["p50"] / 1000, p95_ms=stats["p95"] / 1000,
            p99_ms=stats["p99"] / 1000, requests=stats["requests"],
            errors=stats["socket_errors"] + stats["status_errors"],
            cpu_ms=cpu_ms_per_request(before, after, stats["requests"]),
            queries=queries, gzip_bytes=size, first_load_gzip_bytes=first_load, status=status,
        )  # fmt: skip
        results.append(result)
        cpu = f"{result.cpu_ms:5.1f}" if result.cpu_ms is not None else "    —"
        print(
            f"bench [cache {label}]: {target.name:<34} {result.rps:8.1f} req/s  p95 {result.p95_ms:6.1f} ms"
            f"  CPU {cpu} ms/req",
            flush=True,
        )
    bare_rps = max((r.rps for r in results if r.kind == "ceiling"), default=None)
    for result in results:
        if bare_rps:
            result.share_of_bare = result.rps / bare_rps
        check_budgets(result, min_share=min_share)
    return results
