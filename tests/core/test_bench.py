"""The benchmark harness, run for a few seconds on a handful of URLs so it cannot rot."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_bench_measures_the_pages_each_app_describes_and_each_answers(client):
    from apps.core.benchmark.targets import bench_member, discover_targets
    from tests.accounts.factories import UserFactory
    from tests.community.factories import PostFactory, TagFactory
    from tests.events.factories import EventFactory
    from tests.hackathons.factories import HackathonFactory
    from tests.jobs.factories import JobFactory

    UserFactory(email="demo@example.com")
    others = UserFactory.create_batch(2)
    TagFactory()
    EventFactory()
    HackathonFactory()
    JobFactory()
    PostFactory(author=others[0])
    member = bench_member()
    assert member.email == "demo@example.com"
    # The community app's prepare() gives the member follows for the Following tab.
    assert member.follows.filter(user=others[0]).exists()
    assert member.follows.filter(tag__isnull=False).exists()

    targets = discover_targets(smoke=False, member=member)
    names = [t.name for t in targets]
    assert names[:2] == ["bare view (ceiling)", "home"]
    assert names[-1] == "/readyz"
    assert {
        "event page", "registration POST", "hackathon detail", "job list", "job detail",
        "project list", "profile page", "feed (following)", "post detail", "mentor suggestions (API)",
        "attendee form",
    } <= set(names)  # fmt: skip
    # The pages a member sees differently are also measured signed in, as the bench member.
    signed = {t.name for t in targets if t.session}
    assert {
        "feed (following)", "hackathon list, signed in", "job list, signed in", "profile page, signed in",
        "post detail, signed in",
    } <= signed  # fmt: skip
    client.force_login(member)
    for target in targets:
        if target.method == "GET" and target.kind != "ceiling":
            assert client.get(target.path, headers=target.headers).status_code == 200, target.name
    smoke = discover_targets(smoke=True, member=member)
    assert [t.name for t in smoke] == [
        "bare view (ceiling)",
        "home",
        "job list",
        "job list, signed in",
        "/readyz",
    ]


def test_cpu_per_request_is_the_workers_cpu_spent_over_the_requests_served():
    from apps.core.benchmark.runner import cpu_ms_per_request, worker_cpu_seconds

    # A worker that restarted between the readings (pid 3) counts whole.
    assert cpu_ms_per_request({1: 1.0, 2: 2.0}, {1: 1.5, 2: 2.25, 3: 0.25}, 100) == pytest.approx(10.0)
    assert cpu_ms_per_request(None, {1: 1.0}, 10) is None
    assert cpu_ms_per_request({1: 1.0}, {1: 2.0}, 0) is None
    if os.path.exists("/proc/self/stat"):
        # This process's children: the reading names each child with its CPU so far.
        child = subprocess.Popen([sys.executable, "-c", "import time; sum(range(10**6)); time.sleep(5)"])
        try:
            deadline = time.monotonic() + 5
            while (
                time.monotonic() < deadline and (worker_cpu_seconds(os.getpid()) or {}).get(child.pid, 0) == 0
            ):
                time.sleep(0.05)
            assert worker_cpu_seconds(os.getpid())[child.pid] > 0
        finally:
            child.kill()
            child.wait()


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
    from tests.accounts.factories import UserFactory

    # A member, so the signed-in pages are measured too.
    UserFactory(email="demo@example.com")
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
    # The page cache off first (every request renders), then on, each with its own bare view.
    assert [(t["page_cache"], t["page_cache_seconds"]) for t in report["tables"]] == [("off", 0), ("on", 60)]
    for table in report["tables"]:
        by_name = {row["name"]: row for row in table["results"]}
        assert by_name["bare view (ceiling)"]["rps"] > 0
        for name in ("home", "job list", "job list, signed in"):
            assert by_name[name]["errors"] == 0, (table["page_cache"], name)
            assert by_name[name]["status"] == 200
            assert by_name[name]["cpu_ms"] > 0, (table["page_cache"], name)
        ceiling = max(by_name["bare view (ceiling)"]["rps"], by_name["bare view (ceiling), again"]["rps"])
        assert by_name["home"]["share_of_bare"] == pytest.approx(by_name["home"]["rps"] / ceiling)
        assert by_name["home"]["first_load_gzip_bytes"] > by_name["home"]["gzip_bytes"]
        assert by_name["/readyz"]["queries"] >= 1
    markdown = (ROOT / "var" / "bench" / "results.md").read_text()
    assert "## Page cache off (PAGE_CACHE_SECONDS=0)" in markdown
    assert "## Page cache on (PAGE_CACHE_SECONDS=60)" in markdown
    assert "| URL | method | req/s | CPU ms/req |" in markdown
    assert "| URL | req/s off | req/s on |" in markdown
