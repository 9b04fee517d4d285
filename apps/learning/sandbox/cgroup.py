"""A memory cgroup per run: one limit for all of a run's processes together.

RLIMIT_AS caps each process at 256 MiB, but a run may have 32 processes: 8 GiB between them.
Where the worker is root and the machine has a memory controller it can write, each run gets
a cgroup of its own with `memory_bytes + tmp_bytes + SLACK` for everything the run holds (the
processes, their /tmp, the kernel memory they cause), and no swap. The launcher joins it
before it becomes bwrap, so every process of the run is in it; the kernel's OOM killer ends a
process of the run (never another) past the limit, and the worker reads that and says "ran out
of memory". The per-process limit stays, so one big allocation still gets a MemoryError.

- cgroup v1 (a `memory` hierarchy): the run's cgroup is made under the worker's own memory
  cgroup, so the run also counts towards whatever limit the worker is under.
- cgroup v2: under `<unified root>/diceytech-sandbox/` (the root may hold processes and still
  hand the memory controller down; the worker's own cgroup could not).

Anything missing or refused: no cgroup, the per-process limits only (README says so).
"""

from __future__ import annotations

import contextlib
import os
import time

MOUNT = "/sys/fs/cgroup"
SLACK = 32 * 1024 * 1024
V2_PARENT = "diceytech-sandbox"


def _write(path: str, text: str) -> None:
    with open(path, "w") as handle:
        handle.write(text)


def _read(path: str) -> str:
    with open(path) as handle:
        return handle.read()


class RunCgroup:
    def __init__(self, directory: str, version: int):
        self.directory = directory
        self.version = version

    @property
    def procs(self) -> str:
        return os.path.join(self.directory, "cgroup.procs")

    def oom_kills(self) -> int:
        """How many processes of the run the kernel ended for want of memory."""
        name = "memory.events" if self.version == 2 else "memory.oom_control"
        try:
            for line in _read(os.path.join(self.directory, name)).splitlines():
                key, _, value = line.partition(" ")
                if key == "oom_kill":
                    return int(value)
        except (OSError, ValueError):
            return 0
        return 0

    def remove(self) -> None:
        deadline = time.monotonic() + 2
        while True:
            try:
                os.rmdir(self.directory)
                return
            except FileNotFoundError:
                return
            except OSError:
                if time.monotonic() > deadline:
                    return
                time.sleep(0.02)


def _own_v1_path(controller: str) -> str | None:
    with contextlib.suppress(OSError):
        for line in _read("/proc/self/cgroup").splitlines():
            _, controllers, path = line.split(":", 2)
            if controller in controllers.split(","):
                return path
    return None


def _v1(run_id: str, limit: int) -> RunCgroup | None:
    hierarchy = os.path.join(MOUNT, "memory")
    own = _own_v1_path("memory")
    if own is None or not os.path.exists(os.path.join(hierarchy, "memory.limit_in_bytes")):
        return None
    directory = os.path.join(hierarchy, own.lstrip("/"), f"diceytech-sandbox-{run_id}")
    os.mkdir(directory, 0o755)
    group = RunCgroup(directory, 1)
    try:
        _write(os.path.join(directory, "memory.limit_in_bytes"), str(limit))
        swap = os.path.join(directory, "memory.memsw.limit_in_bytes")
        if os.path.exists(swap):
            _write(swap, str(limit))
    except OSError:
        group.remove()
        raise
    return group


def _v2(run_id: str, limit: int) -> RunCgroup | None:
    for root in (MOUNT, os.path.join(MOUNT, "unified")):
        try:
            controllers = _read(os.path.join(root, "cgroup.controllers")).split()
        except OSError:
            continue
        if "memory" not in controllers:
            continue
        parent = os.path.join(root, V2_PARENT)
        if "memory" not in _read(os.path.join(root, "cgroup.subtree_control")).split():
            _write(os.path.join(root, "cgroup.subtree_control"), "+memory")
        os.makedirs(parent, 0o755, exist_ok=True)
        if "memory" not in _read(os.path.join(parent, "cgroup.subtree_control")).split():
            _write(os.path.join(parent, "cgroup.subtree_control"), "+memory")
        directory = os.path.join(parent, f"run-{run_id}")
        os.mkdir(directory, 0o755)
        group = RunCgroup(directory, 2)
        try:
            _write(os.path.join(directory, "memory.max"), str(limit))
            swap = os.path.join(directory, "memory.swap.max")
            if os.path.exists(swap):
                _write(swap, "0")
        except OSError:
            group.remove()
            raise
        return group
    return None


def create(run_id: str, limit: int) -> RunCgroup | None:
    """A fresh memory cgroup for one run, or None where none can be made here."""
    if os.geteuid() != 0:
        return None
    for make in (_v1, _v2):
        try:
            group = make(run_id, limit)
        except (OSError, ValueError):
            continue
        if group is not None:
            return group
    return None
