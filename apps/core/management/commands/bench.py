"""`python manage.py bench` (`make bench`): measure every key page at scale; see apps.core.benchmark.

Settings are read once per process, and the figures are for production settings: so the
command prepares the database, then runs itself again under the benchmark's environment
(BENCH_ENV: production settings, BENCH_MODE on) to measure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.benchmark import runner
from apps.core.benchmark.report import MIN_SHARE_OF_BARE, Table, write_report
from apps.core.benchmark.targets import bench_member, discover_targets, session_cookie_for


class Command(BaseCommand):
    help = "Load large demo data into PostgreSQL and measure every key page with wrk under gunicorn."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=["small", "large"], default="large")
        parser.add_argument("--duration", type=int, default=10, help="seconds per URL")
        parser.add_argument("--concurrency", type=int, default=16)
        parser.add_argument("--workers", type=int, default=(os.cpu_count() or 2) * 2)
        parser.add_argument("--skip-seed", action="store_true", help="use the data already in the database")
        parser.add_argument(
            "--server",
            choices=["sync", "uvicorn"],
            default="sync",
            help="gunicorn's workers: sync (WSGI) or uvicorn (ASGI, as the Procfile runs the site)",
        )
        parser.add_argument("--smoke", action="store_true", help="a few seconds on a handful of URLs")
        parser.add_argument(
            "--page-cache",
            choices=["both", "off", "on"],
            default="both",
            help="measure with the page cache off (every request renders), on, or both in turn",
        )
        parser.add_argument(
            "--only", default="", help="measure only the URLs whose name contains this (and the bare view)"
        )

    def handle(self, *args, **options) -> None:
        if settings.BENCH_MODE:
            self.measure(**options)
        else:
            self.prepare_and_measure(**options)

    def prepare_and_measure(self, **options) -> None:
        if shutil.which("wrk") is None:
            raise CommandError("bench: wrk is not installed (Debian: apt-get install wrk).", returncode=2)
        database_url = os.environ.get("DATABASE_URL", "")
        if not options["smoke"] and not database_url.startswith(("postgres://", "postgresql://")):
            raise CommandError(
                "bench: set DATABASE_URL to a PostgreSQL database (the figures are for production).",
                returncode=2,
            )
        env = {**os.environ, **runner.BENCH_ENV}
        runner.OUT_DIR.mkdir(parents=True, exist_ok=True)
        runner.prepare_database(size=options["size"], env=env, seed=not options["skip_seed"])
        argv = [
            "--size", options["size"], "--duration", str(options["duration"]),
            "--concurrency", str(options["concurrency"]), "--workers", str(options["workers"]),
            "--only", options["only"], "--page-cache", options["page_cache"], "--server", options["server"],
            *(["--smoke"] if options["smoke"] else []),
        ]  # fmt: skip
        completed = subprocess.run(
            [sys.executable, "manage.py", "bench", *argv], cwd=runner.ROOT, env=env, check=False
        )
        if completed.returncode:
            raise CommandError("bench: the measuring run failed.", returncode=completed.returncode)

    def measure(
        self,
        *,
        size: str,
        duration: int,
        concurrency: int,
        workers: int,
        smoke: bool,
        only: str,
        page_cache: str,
        server: str = "sync",
        **options,
    ) -> None:
        runner.analyze_database()
        member = bench_member()
        targets = discover_targets(smoke=smoke, member=member)
        if only:
            targets = [t for t in targets if t.kind == "ceiling" or only in t.name]
        cookie = session_cookie_for(member) if member else ""
        profiles = runner.profile_all(targets, cookie=cookie)
        # Off first: it is what a member, a new filter or the first visit after a write costs.
        # With the cache on, a POST is the same request, so it is measured once.
        cached_seconds = settings.PAGE_CACHE_SECONDS or 60
        phases = [("off", 0, targets), ("on", cached_seconds, [t for t in targets if t.method == "GET"])]
        tables = []
        for label, seconds, phase_targets in phases:
            if page_cache not in ("both", label):
                continue
            env = {**os.environ, **runner.BENCH_ENV, "PAGE_CACHE_SECONDS": str(seconds)}
            with runner.gunicorn(port=runner.free_port(), env=env, workers=workers, server=server) as running:
                results = runner.measure(
                    phase_targets, server=running, cookie=cookie, duration=duration, concurrency=concurrency,
                    profiles=profiles, min_share=MIN_SHARE_OF_BARE[label], label=label,
                )  # fmt: skip
            tables.append(Table(page_cache=label, page_cache_seconds=seconds, results=results))
        meta = {
            "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "size": "small (smoke)" if smoke else size,
            "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "workers": workers,
            "server": "gunicorn, uvicorn workers (ASGI)"
            if server == "uvicorn"
            else "gunicorn, sync workers (WSGI)",
            "concurrency": concurrency,
            "duration": duration,
        }
        self.stdout.write(write_report(tables, meta=meta, out_dir=runner.OUT_DIR))
