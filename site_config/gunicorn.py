"""gunicorn's settings for the Procfile's web process (`--config python:site_config.gunicorn`).

Prometheus counters live in each worker process; PROMETHEUS_MULTIPROC_DIR makes every worker
write them to files there, so /metrics (apps.core.metrics) sums all workers, whichever one
answers the scrape. The folder is emptied when gunicorn starts and a dead worker's live
gauges are dropped. Each request is logged once by the site itself (one structured line), so
gunicorn writes no access log of its own.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

# Set here, in the master, before any worker imports prometheus_client.
MULTIPROC_DIR = os.environ.setdefault(
    "PROMETHEUS_MULTIPROC_DIR", str(Path(__file__).resolve().parent.parent / "var" / "prometheus")
)
accesslog = None
errorlog = "-"


def on_starting(server) -> None:
    shutil.rmtree(MULTIPROC_DIR, ignore_errors=True)
    os.makedirs(MULTIPROC_DIR, exist_ok=True)


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
