"""`make bench`: measure every key page at scale.

Loads the demo data (`seed_demo --size large` by default) into the database named by
DATABASE_URL (PostgreSQL), starts the site under gunicorn with production settings on
127.0.0.1, drives each URL with wrk at a fixed concurrency for a fixed time, and writes a
Markdown table and JSON under var/bench/. For each URL: requests per second, p50/p95/p99
latency, errors, throughput as a share of the bare view's, database queries per request,
response size (gzip) and, for full pages, the first-load weight with CSS, JS and images.

    python -m site_config.bench [--size large|small] [--duration 10] [--concurrency 16]
                                [--skip-seed] [--smoke] [--only NAME]

--smoke is the few-seconds version the test suite runs so the harness cannot rot.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "bench"

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

# Budgets from the performance issue.
GET_P95_MS = 100
POST_P95_MS = 150
MIN_SHARE_OF_BARE = 0.35
MAX_PAGE_QUERIES = 8
MAX_PARTIAL_QUERIES = 5
MAX_PARTIAL_GZIP = 10 * 1024
MAX_FIRST_LOAD_GZIP = 120 * 1024


@dataclass
class Target:
    name: str
    path: str
    method: str = "GET"
    kind: str = "page"  # page | partial | api | ceiling | health
    headers: dict[str, str] = field(default_factory=dict)
    session: bool = False
    form: dict[str, str] | None = None  # POST body; "{email}" is made unique per request


@dataclass
class Result:
    name: str
    path: str
    method: str
    kind: str
    rps: float = 0.0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    p99_ms: float = 0.0
    requests: int = 0
    errors: int = 0
    share_of_bare: float | None = None
    queries: int | None = None
    gzip_bytes: int | None = None
    first_load_gzip_bytes: int | None = None
    status: int | None = None
    failures: list[str] = field(default_factory=list)


# --- Preparing the site ----------------------------------------------------------------------


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
    from django.db import connection

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


@contextlib.contextmanager
def gunicorn(*, port: int, env: dict[str, str], workers: int) -> Iterator[str]:
    log = OUT_DIR / "gunicorn.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "site_config.wsgi",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--access-logfile", "-", "--error-logfile", "-", "--log-level", "warning",
            ],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log_file,
        )  # fmt: skip
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(port, process, workers=workers)
            yield base
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
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/__bench__/bare", timeout=30) as response:
                answered += response.status == 200
        except OSError:
            time.sleep(0.3)
    if answered < workers * 3:
        raise RuntimeError("gunicorn did not start in time")


# --- What to measure ----------------------------------------------------------------------------


def first_url(model_label: str, *, order_by: str = "pk", **filters) -> str | None:
    """The absolute URL of one object of an app's model, or None when the app has none."""
    from django.apps import apps
    from django.db import DatabaseError

    try:
        model = apps.get_model(model_label)
        obj = model._default_manager.filter(**filters).order_by(order_by).first()
    except (LookupError, DatabaseError) as exc:
        print(f"bench: skipping {model_label}: {exc}", flush=True)
        return None
    return obj.get_absolute_url() if obj is not None and hasattr(obj, "get_absolute_url") else None


def bench_member():
    """A member who follows 50 members and 5 tags, for the logged-in feed."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    member = User.objects.filter(email="demo@example.com").first() or User.objects.order_by("pk").first()
    if member is None:
        return None
    try:
        from apps.community.models import Tag
        from apps.community.services import follow_set
    except ImportError as exc:
        print(f"bench: no follows for the feed: {exc}", flush=True)
        return member
    others = User.objects.exclude(pk=member.pk).filter(is_active=True).order_by("pk")[:50]
    for other in others:
        follow_set(follower=member, on=True, user=other)
    for tag in Tag.objects.order_by("pk")[:5]:
        follow_set(follower=member, on=True, tag=tag)
    return member


def session_cookie_for(member) -> str:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(member)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


class FormReader(HTMLParser):
    """Reads the first POST form of a page into a dict of plausible values."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.in_form = False
        self.done = False
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs_list) -> None:
        attrs = {key: value or "" for key, value in attrs_list}
        if self.done:
            return
        if tag == "form" and attrs.get("method", "").lower() == "post":
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and name not in self.fields:
            self.fields[name] = self.value_for(attrs)
        elif tag == "textarea" and name:
            self.fields[name] = "Looking forward to it."
        elif tag == "select" and name:
            self.select = name
        elif tag == "option" and self.select and attrs.get("value") and self.select not in self.fields:
            self.fields[self.select] = attrs["value"]

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True

    @staticmethod
    def value_for(attrs: dict[str, str]) -> str:
        kind = attrs.get("type", "text")
        name = attrs.get("name", "")
        if kind == "hidden":
            return attrs.get("value", "")
        if kind in {"checkbox", "radio"}:
            return attrs.get("value") or "on"
        if kind == "email" or "email" in name:
            return "{email}"
        if kind == "tel" or "phone" in name:
            return "+2348031234567"
        if kind == "number":
            return "3"
        if kind == "url":
            return "https://example.com"
        if "website" in name or "honey" in name or attrs.get("tabindex") == "-1" or name == "hp":
            return ""
        return "Bench Tester"


def registration_form(path: str) -> tuple[dict[str, str], str] | None:
    """The attendee form's fields with plausible values (hidden anti-spam values kept), and the
    CSRF cookie its token belongs to (a POST without it is refused with 403)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    response = client.get(path)
    if response.status_code != 200:
        print(f"bench: no registration POST: {path} answered {response.status_code}", flush=True)
        return None
    reader = FormReader()
    reader.feed(response.content.decode())
    if not reader.fields:
        return None
    csrf = client.cookies.get(settings.CSRF_COOKIE_NAME)
    return reader.fields, f"{settings.CSRF_COOKIE_NAME}={csrf.value}" if csrf else ""


def discover_targets(*, smoke: bool, member) -> list[Target]:
    event = busiest_event_url() or first_url("events.Event", order_by="-pk")
    hackathon = first_url("hackathons.Hackathon", order_by="-pk")
    job = first_url("jobs.Job", order_by="-pk", status="published")
    post = most_discussed_post()
    htmx = {"HX-Request": "true"}
    targets = [
        Target("bare view (ceiling)", "/__bench__/bare", kind="ceiling"),
        Target("home", "/"),
        Target("hackathon list", "/hackathons/"),
        # The filter forms' own field names (hackathons.forms.FilterForm, jobs.forms.JobFilterForm)
        # and the HX-Target their hx-get sends.
        Target(
            "hackathon list, filtered",
            "/hackathons/?" + urlencode({"q": "ai", "status": "open", "sort": "prize"}),
        ),
        Target(
            "hackathon list, HTMX partial",
            "/hackathons/?" + urlencode({"q": "ai", "status": "open", "sort": "prize"}),
            kind="partial",
            headers={**htmx, "HX-Target": "results"},
        ),
        Target("job list", "/jobs/"),
        Target("job list, text search", "/jobs/?" + urlencode({"q": "python"})),
        Target(
            "job list, HTMX partial",
            "/jobs/?" + urlencode({"q": "python"}),
            kind="partial",
            headers={**htmx, "HX-Target": "job-results"},
        ),
        Target("project list", "/projects/"),
        Target("/healthz", "/healthz", kind="health"),
    ]
    if event:
        targets.insert(2, Target("event page", event))
        found = registration_form(event.rstrip("/") + "/register/")
        if found:
            form, csrf_cookie = found
            targets.insert(
                3,
                Target(
                    "registration POST",
                    event.rstrip("/") + "/register/",
                    method="POST",
                    form=form,
                    headers={"Cookie": csrf_cookie} if csrf_cookie else {},
                ),
            )
    if hackathon:
        targets.append(Target("hackathon detail", hackathon))
    if job:
        targets.append(Target("job detail", job))
    if member is not None:
        targets.append(Target("profile page", f"/u/{member.handle}/"))
        targets.append(Target("feed (following)", "/feed/?tab=following", session=True))
        targets.append(
            Target(
                "feed, next page",
                "/feed/?tab=following&page=2",
                session=True,
                kind="partial",
                headers={**htmx, "HX-Target": "feed-next-2"},
            )
        )
        targets.append(
            Target("mentor suggestions (API)", "/api/mentor/v1/suggestions", kind="api", session=True)
        )
    if post:
        targets.append(Target("post detail", post))
    if smoke:
        targets = [t for t in targets if t.kind in {"ceiling", "health"} or t.name in {"home", "job list"}]
    return targets


def busiest_event_url() -> str | None:
    """The event with the most registrations (the large seed gives one 20,000), whose form
    is open: the newest event is not necessarily it."""
    from django.apps import apps
    from django.db import DatabaseError
    from django.db.models import Count

    try:
        registration = apps.get_model("events.Registration")
        row = registration._default_manager.values("event_id").annotate(n=Count("pk")).order_by("-n").first()
        event = (
            apps.get_model("events.Event")._default_manager.filter(pk=row["event_id"]).first()
            if row
            else None
        )
    except (LookupError, DatabaseError) as exc:
        print(f"bench: no busiest event: {exc}", flush=True)
        return None
    return event.get_absolute_url() if event is not None else None


def most_discussed_post() -> str | None:
    from django.apps import apps
    from django.db.models import Count

    try:
        post_model = apps.get_model("community.Post")
    except LookupError:
        return None
    counter = next((f.name for f in post_model._meta.get_fields() if f.name == "comment_count"), None)
    posts = post_model._default_manager.all()
    posts = posts.order_by(f"-{counter}") if counter else posts.annotate(n=Count("comments")).order_by("-n")
    with contextlib.suppress(Exception):
        post = posts.first()
        return post.get_absolute_url() if post else None
    return None


# --- Measuring ----------------------------------------------------------------------------------

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
    made in-process against the same database."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers=target.headers)
    if cookie:
        name, _, value = cookie.partition("=")
        client.cookies[name] = value
    with CaptureQueriesContext(connection) as queries:
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


def check_budgets(result: Result) -> None:
    failures = result.failures
    if result.errors:
        failures.append(f"{result.errors} errors")
    limit = POST_P95_MS if result.method == "POST" else GET_P95_MS
    if result.kind != "ceiling" and result.p95_ms > limit:
        failures.append(f"p95 {result.p95_ms:.0f} ms > {limit} ms")
    share = result.share_of_bare
    if result.kind == "page" and result.method == "GET" and share is not None and share < MIN_SHARE_OF_BARE:
        failures.append(f"{result.share_of_bare:.0%} of bare < {MIN_SHARE_OF_BARE:.0%}")
    max_queries = MAX_PARTIAL_QUERIES if result.kind == "partial" else MAX_PAGE_QUERIES
    if result.queries is not None and result.kind != "ceiling" and result.queries > max_queries:
        failures.append(f"{result.queries} queries > {max_queries}")
    if result.kind == "partial" and (result.gzip_bytes or 0) > MAX_PARTIAL_GZIP:
        failures.append(f"partial {result.gzip_bytes / 1024:.1f} KB gzip > 10 KB")
    if (result.first_load_gzip_bytes or 0) > MAX_FIRST_LOAD_GZIP:
        failures.append(f"first load {result.first_load_gzip_bytes / 1024:.0f} KB gzip > 120 KB")


def measure(
    targets: list[Target], *, base: str, cookie: str, duration: int, concurrency: int
) -> list[Result]:
    """Every target in turn, the bare view first and once more at the end: shares are taken of
    the faster of its two runs, so a slow start cannot flatter the pages."""
    ceiling = next((t for t in targets if t.kind == "ceiling"), None)
    plan = [*targets, Target(f"{ceiling.name}, again", ceiling.path, kind="ceiling")] if ceiling else targets
    results: list[Result] = []
    for target in plan:
        jar = cookie if target.session else ""
        status, queries, size, first_load = profile_request(target, jar)
        # Warm caches and connections first: the figures are for a site in steady state.
        run_wrk(base, target, cookie=jar, duration=max(1, duration // 5), concurrency=concurrency)
        stats = run_wrk(base, target, cookie=jar, duration=duration, concurrency=concurrency)
        seconds = stats["duration_us"] / 1_000_000 or 1
        result = Result(
            name=target.name, path=target.path, method=target.method, kind=target.kind,
            rps=stats["requests"] / seconds, p50_ms=stats["p50"] / 1000, p95_ms=stats["p95"] / 1000,
            p99_ms=stats["p99"] / 1000, requests=stats["requests"],
            errors=stats["socket_errors"] + stats["status_errors"],
            queries=queries, gzip_bytes=size, first_load_gzip_bytes=first_load, status=status,
        )  # fmt: skip
        results.append(result)
        print(f"bench: {target.name:<34} {result.rps:8.1f} req/s  p95 {result.p95_ms:6.1f} ms", flush=True)
    bare_rps = max((r.rps for r in results if r.kind == "ceiling"), default=None)
    for result in results:
        if bare_rps:
            result.share_of_bare = result.rps / bare_rps
        check_budgets(result)
    return results


# --- Reporting ----------------------------------------------------------------------------------


def markdown_table(results: list[Result], *, meta: dict) -> str:
    lines = [
        f"# DiceyTech benchmark — {meta['when']}",
        "",
        f"{meta['size']} demo data on {meta['database']}; gunicorn with {meta['workers']} workers; "
        f"wrk at {meta['concurrency']} connections for {meta['duration']} s per URL.",
        "",
        "| URL | method | req/s | p50 ms | p95 ms | p99 ms | errors | % of bare | queries | gzip KB | first load KB | budgets |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        share = f"{r.share_of_bare:.0%}" if r.share_of_bare is not None else "—"
        first = f"{r.first_load_gzip_bytes / 1024:.1f}" if r.first_load_gzip_bytes else "—"
        verdict = "ok" if not r.failures else "✗ " + "; ".join(r.failures)
        lines.append(
            f"| {r.name} (`{r.path}`) | {r.method} | {r.rps:.1f} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
            f"{r.p99_ms:.1f} | {r.errors} | {share} | {r.queries} | {(r.gzip_bytes or 0) / 1024:.1f} | {first} | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def write_report(results: list[Result], *, meta: dict) -> str:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    table = markdown_table(results, meta=meta)
    (OUT_DIR / "results.md").write_text(table)
    (OUT_DIR / "results.json").write_text(
        json.dumps({"meta": meta, "results": [asdict(r) for r in results]}, indent=2)
    )
    return table


# --- Entry point --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=["small", "large"], default="large")
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2)
    parser.add_argument("--skip-seed", action="store_true", help="use the data already in the database")
    parser.add_argument("--smoke", action="store_true", help="a few seconds on a handful of URLs")
    parser.add_argument(
        "--only", default="", help="measure only the URLs whose name contains this (and the bare view)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        print("bench: wrk is not installed (Debian: apt-get install wrk).", file=sys.stderr)
        return 2
    database_url = os.environ.get("DATABASE_URL", "")
    if not args.smoke and not database_url.startswith(("postgres://", "postgresql://")):
        print(
            "bench: set DATABASE_URL to a PostgreSQL database (the figures are for production).",
            file=sys.stderr,
        )
        return 2
    env = {**os.environ, **BENCH_ENV}
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    prepare_database(size=args.size, env=env, seed=not args.skip_seed)

    os.environ.update(BENCH_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_config.settings")
    import django

    django.setup()
    from django.conf import settings

    analyze_database()
    member = bench_member()
    targets = discover_targets(smoke=args.smoke, member=member)
    if args.only:
        targets = [t for t in targets if t.kind == "ceiling" or args.only in t.name]
    cookie = session_cookie_for(member) if member else ""
    port = free_port()
    with gunicorn(port=port, env=env, workers=args.workers) as base:
        results = measure(
            targets, base=base, cookie=cookie, duration=args.duration, concurrency=args.concurrency
        )
    meta = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "size": "small (smoke)" if args.smoke else args.size,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
        "workers": args.workers,
        "concurrency": args.concurrency,
        "duration": args.duration,
    }
    print(write_report(results, meta=meta))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
