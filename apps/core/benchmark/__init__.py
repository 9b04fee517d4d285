"""`python manage.py bench` (`make bench`): measure every key page at scale.

The command loads the demo data (`seed_demo --size large` by default) into the database named
by DATABASE_URL (PostgreSQL), starts the site under gunicorn with production settings on
127.0.0.1, drives each URL with wrk at a fixed concurrency for a fixed time, and writes
Markdown tables and JSON under var/bench/. The URLs are measured twice, against a gunicorn
with the page cache off and one with it on. For each URL: requests per second, the workers'
CPU milliseconds per request, p50/p95/p99 latency, errors, throughput as a share of the bare
view's, database queries per request, response size (gzip) and, for full pages, the
first-load weight with CSS, JS and images.

What to measure comes from the apps: an app whose pages are worth measuring ships
`apps/<app>/bench.py` with `targets(*, member) -> list[Target]` (and, when its pages need
something of the benchmark member first, `prepare(*, member) -> None`), found the way
`demo.py` is. The harness itself adds only the bare view, the home page and /readyz.

`runner` starts the processes and measures, `targets` holds what the apps describe their
pages with, `report` checks the budgets and writes the table.
"""
