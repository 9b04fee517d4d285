"""The benchmark's budgets and its report (var/bench/results.md and results.json)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

# The budgets every URL is held to.
GET_P95_MS = 100
POST_P95_MS = 150
# A page that renders (page cache off: a member, a new filter, the first visit after a
# write) must reach a fifth of the bare view; one the page cache may serve, over a third.
MIN_SHARE_OF_BARE = {"off": 0.20, "on": 0.35}
MAX_PAGE_QUERIES = 8
MAX_PARTIAL_QUERIES = 5
MAX_PARTIAL_GZIP = 10 * 1024
MAX_FIRST_LOAD_GZIP = 120 * 1024


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
    cpu_ms: float | None = None  # gunicorn workers' user + system CPU per completed request
    share_of_bare: float | None = None
    queries: int | None = None
    gzip_bytes: int | None = None
    first_load_gzip_bytes: int | None = None
    status: int | None = None
    failures: list[str] = field(default_factory=list)


@dataclass
class Table:
    """One pass over the targets against a gunicorn whose page cache is on or off."""

    page_cache: str  # "off" | "on"
    page_cache_seconds: int
    results: list[Result]

    @property
    def title(self) -> str:
        return f"Page cache {self.page_cache} (PAGE_CACHE_SECONDS={self.page_cache_seconds})"


def check_budgets(result: Result, *, min_share: float) -> None:
    failures = result.failures
    if result.errors:
        failures.append(f"{result.errors} errors")
    limit = POST_P95_MS if result.method == "POST" else GET_P95_MS
    if result.kind != "ceiling" and result.p95_ms > limit:
        failures.append(f"p95 {result.p95_ms:.0f} ms > {limit} ms")
    share = result.share_of_bare
    if result.kind == "page" and result.method == "GET" and share is not None and share < min_share:
        failures.append(f"{result.share_of_bare:.0%} of bare < {min_share:.0%}")
    max_queries = MAX_PARTIAL_QUERIES if result.kind == "partial" else MAX_PAGE_QUERIES
    if result.queries is not None and result.kind != "ceiling" and result.queries > max_queries:
        failures.append(f"{result.queries} queries > {max_queries}")
    if result.kind == "partial" and (result.gzip_bytes or 0) > MAX_PARTIAL_GZIP:
        failures.append(f"partial {result.gzip_bytes / 1024:.1f} KB gzip > 10 KB")
    if (result.first_load_gzip_bytes or 0) > MAX_FIRST_LOAD_GZIP:
        failures.append(f"first load {result.first_load_gzip_bytes / 1024:.0f} KB gzip > 120 KB")


def _ms(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "—"


def results_table(results: list[Result]) -> list[str]:
    lines = [
        "| URL | method | req/s | CPU ms/req | p50 ms | p95 ms | p99 ms | errors | % of bare | queries | gzip KB | first load KB | budgets |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        share = f"{r.share_of_bare:.0%}" if r.share_of_bare is not None else "—"
        first = f"{r.first_load_gzip_bytes / 1024:.1f}" if r.first_load_gzip_bytes else "—"
        verdict = "ok" if not r.failures else "✗ " + "; ".join(r.failures)
        lines.append(
            f"| {r.name} (`{r.path}`) | {r.method} | {r.rps:.1f} | {_ms(r.cpu_ms)} | {r.p50_ms:.1f} | {r.p95_ms:.1f} | "
            f"{r.p99_ms:.1f} | {r.errors} | {share} | {r.queries if r.queries is not None else '—'} | {(r.gzip_bytes or 0) / 1024:.1f} | {first} | {verdict} |"
        )
    return lines


def comparison_table(off: Table, on: Table) -> list[str]:
    """The same URLs side by side: what rendering costs, and what the page cache saves."""
    by_name = {r.name: r for r in on.results}
    lines = [
        "| URL | req/s off | req/s on | p95 ms off | p95 ms on | CPU ms/req off | CPU ms/req on |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in off.results:
        cached = by_name.get(r.name)
        if cached is None or r.kind == "ceiling":
            continue
        lines.append(
            f"| {r.name} | {r.rps:.1f} | {cached.rps:.1f} | {r.p95_ms:.1f} | {cached.p95_ms:.1f} | "
            f"{_ms(r.cpu_ms)} | {_ms(cached.cpu_ms)} |"
        )
    return lines


def markdown_report(tables: list[Table], *, meta: dict) -> str:
    lines = [
        f"# DiceyTech benchmark — {meta['when']}",
        "",
        f"{meta['size']} demo data on {meta['database']}, cache {meta['cache']}; "
        f"{meta.get('server', 'gunicorn, sync workers (WSGI)')}, {meta['workers']} workers; wrk at {meta['concurrency']} connections for {meta['duration']} s per URL.",
        "CPU ms/req is the gunicorn workers' user + system CPU per completed request (the "
        "database's own CPU is not in it).",
    ]
    for table in tables:
        lines += ["", f"## {table.title}", "", *results_table(table.results)]
    by_cache = {table.page_cache: table for table in tables}
    if {"off", "on"} <= by_cache.keys():
        lines += ["", "## Page cache off and on", "", *comparison_table(by_cache["off"], by_cache["on"])]
    return "\n".join(lines) + "\n"


def write_report(tables: list[Table], *, meta: dict, out_dir: Path) -> str:
    out_dir.mkdir(parents=True, exist_ok=True)
    report = markdown_report(tables, meta=meta)
    (out_dir / "results.md").write_text(report)
    (out_dir / "results.json").write_text(
        json.dumps({"meta": meta, "tables": [asdict(t) for t in tables]}, indent=2)
    )
    return report
