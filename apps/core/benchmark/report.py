"""The benchmark's budgets and its report (var/bench/results.md and results.json)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

# The budgets every URL is held to.
GET_P95_MS = 100
POST_P95_MS = 150
MIN_SHARE_OF_BARE = 0.35
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
    share_of_bare: float | None = None
    queries: int | None = None
    gzip_bytes: int | None = None
    first_load_gzip_bytes: int | None = None
    status: int | None = None
    failures: list[str] = field(default_factory=list)


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


def write_report(results: list[Result], *, meta: dict, out_dir: Path) -> str:
    out_dir.mkdir(parents=True, exist_ok=True)
    table = markdown_table(results, meta=meta)
    (out_dir / "results.md").write_text(table)
    (out_dir / "results.json").write_text(
        json.dumps({"meta": meta, "results": [asdict(r) for r in results]}, indent=2)
    )
    return table
