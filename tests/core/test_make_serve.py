"""`make run` serves the site and the worker together; Ctrl-C must stop both cleanly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0); it has exited all the same.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_ctrl_c_stops_web_and_worker_without_a_crash(tmp_path):
    pids = tmp_path / "pids"
    # Stand-ins shaped like the real pair: the "web" one forks a child, as runserver's
    # autoreloader does, and both ignore nothing.
    web = f"bash -c 'sleep 60 & echo $$! >> {pids}; wait'"
    worker = f"bash -c 'echo $$$$ >> {pids}; exec sleep 60'"
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"SERVE_WEB={web}", f"SERVE_WORKER={worker}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # a terminal's Ctrl-C reaches the whole foreground group
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and (not pids.exists() or len(pids.read_text().split()) < 2):
        time.sleep(0.05)
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2

    os.killpg(proc.pid, signal.SIGINT)
    out, _ = proc.communicate(timeout=10)
    text = out.decode()

    assert "Segmentation fault" not in text and "***" not in text, text  # make reports nothing
    assert proc.returncode in (0, -signal.SIGINT, 130), text
    time.sleep(0.2)
    assert not [pid for pid in started if _alive(pid)]
