"""Running a learner's solution against an exercise's tests inside bubblewrap.

`run_exercise(solution=…, tests=…)` → SandboxResult, or SandboxUnavailable where the sandbox
cannot run: learner code is never run another way.

One run, from the worker's side:

1. The worker takes a machine-wide lock (one sandbox at a time: runs share the sandbox uid's
   process limit, and the machine has few cores).
2. It writes three memory files (memfd): the seccomp program, the runner's source, and the
   payload (solution, limits), and the tests, and opens a pipe for the results.
3. It starts `launcher.py` in a new session: the launcher sets the resource limits, drops to
   the sandbox uid when the worker is root (staging the interpreter's directory first when that
   uid could not reach it), and execs bwrap.
4. bwrap unshares every namespace (user, mount, PID, network, IPC, UTS, cgroup), binds /usr,
   /lib* and the interpreter's directory read-only, five device nodes (null, zero, full, random,
   urandom) and a small tmpfs /tmp,
   no /proc, no /etc but the linker cache, remounts / read-only, clears the environment, loads
   the seccomp filter and runs the runner as PID 1 of the new PID namespace.
5. The worker reads stdout+stderr and the result pipe as streams: output past the limit, or
   the wall-clock limit, kills the whole sandbox (bwrap's process group; the sandbox's PID 1
   dies with bwrap, taking every process inside with it).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import resource
import secrets
import selectors
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from apps.learning.sandbox import cgroup as cgroup_module
from apps.learning.sandbox import runner as runner_module
from apps.learning.sandbox.results import (
    DEFAULT_LIMITS,
    MIB,
    Limits,
    SandboxResult,
    SandboxUnavailable,
)
from apps.learning.sandbox.seccomp import SeccompUnavailable, filter_bytes

HERE = Path(__file__).resolve().parent
RUNNER_PATH = HERE / "runner.py"
LAUNCHER_PATH = HERE / "launcher.py"
INSIDE_DIR = "/sandbox"
RESULT_BYTES = 1 * MIB
NOBODY = 65534


def runner_source() -> str:
    """The pure-Python test runner (see runner.py's docstring for its two entry points)."""
    return RUNNER_PATH.read_text(encoding="utf-8")


def _setting(name: str, default):
    from django.conf import settings

    value = getattr(settings, name, None) if settings.configured else None
    return default if value in (None, "") else value


def configured_limits() -> Limits:
    """DEFAULT_LIMITS with the SANDBOX_* overrides from the settings."""
    return Limits(
        cpu_seconds=int(_setting("SANDBOX_CPU_SECONDS", DEFAULT_LIMITS.cpu_seconds)),
        wall_seconds=int(_setting("SANDBOX_WALL_SECONDS", DEFAULT_LIMITS.wall_seconds)),
        memory_bytes=int(_setting("SANDBOX_MEMORY_MB", DEFAULT_LIMITS.memory_bytes // MIB)) * MIB,
    )


# --- Where things are ----------------------------------------------------------------------


def _interpreter() -> tuple[str, str]:
    """(executable, prefix) of the Python the sandbox runs: SANDBOX_PYTHON, else the Python
    the worker runs on (its base interpreter, not the virtualenv: the runner needs only the
    standard library)."""
    configured = _setting("SANDBOX_PYTHON", "")
    if configured:
        executable = shutil.which(configured) or configured
        executable = os.path.realpath(executable)
        prefix = os.path.dirname(os.path.dirname(executable))
    else:
        executable = os.path.realpath(getattr(sys, "_base_executable", "") or sys.executable)
        prefix = os.path.realpath(sys.base_prefix)
    if not os.access(executable, os.X_OK):
        raise SandboxUnavailable(f"the sandbox's Python ({executable}) cannot be run")
    if not executable.startswith(prefix.rstrip("/") + "/"):
        prefix = os.path.dirname(os.path.dirname(executable))
    project = os.path.realpath(str(_setting("BASE_DIR", os.getcwd())))
    if prefix in ("/", "/root", "/home", "/etc", "/var") or (project + "/").startswith(
        prefix.rstrip("/") + "/"
    ):
        raise SandboxUnavailable(
            f"the sandbox's Python lives in {prefix}, which would show the sandbox more than "
            "Python; set SANDBOX_PYTHON to an installed interpreter"
        )
    return executable, prefix


def _bwrap() -> str:
    configured = str(_setting("SANDBOX_BWRAP", "bwrap"))
    found = shutil.which(configured)
    if not found:
        raise SandboxUnavailable(
            f"bubblewrap is not installed (SANDBOX_BWRAP={configured!r} not found); "
            "install the Debian package bubblewrap (make sandbox)"
        )
    return found


def _reachable_by_others(path: str) -> bool:
    """Whether a uid with no special rights can walk to `path` and read it."""
    current = Path(path)
    try:
        if current.stat().st_mode & 0o005 != 0o005:
            return False
        return all(parent.stat().st_mode & 0o001 for parent in current.parents)
    except OSError:
        return False


def _system_binds(prefix_inside: str, prefix_source: str) -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    if os.path.exists("/etc/ld.so.cache"):
        args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    if not (prefix_inside == "/usr" or prefix_inside.startswith("/usr/")):
        args += ["--ro-bind", prefix_source, prefix_inside]
    return args


DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")


def _device_binds() -> list[str]:
    args = []
    for device in DEVICES:
        if os.path.exists(device):
            args += ["--dev-bind", device, device]
    return args


# --- One run -------------------------------------------------------------------------------


class _Plan:
    """Everything one run needs, resolved before anything starts."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.bwrap = _bwrap()
        self.python, self.prefix = _interpreter()
        try:
            self.seccomp = filter_bytes()
        except SeccompUnavailable as exc:
            raise SandboxUnavailable(str(exc)) from exc
        if not hasattr(os, "memfd_create"):
            raise SandboxUnavailable("this system has no memfd_create (the sandbox needs Linux)")
        self.as_root = os.geteuid() == 0
        self.uid = int(_setting("SANDBOX_UID", NOBODY)) if self.as_root else None
        if self.as_root and self.uid == 0:
            raise SandboxUnavailable("SANDBOX_UID must not be 0: the sandbox never runs code as root")
        # Where the uid cannot reach the interpreter's folder, the launcher binds it on an
        # empty folder made for each run (see launcher.py).
        self.needs_stage = self.as_root and not _reachable_by_others(self.prefix)

    def rlimits(self) -> list[list[int]]:
        limits = self.limits
        return [
            [resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1],
            [resource.RLIMIT_AS, limits.memory_bytes, limits.memory_bytes],
            [resource.RLIMIT_NPROC, limits.processes, limits.processes],
            [resource.RLIMIT_FSIZE, limits.file_bytes, limits.file_bytes],
            [resource.RLIMIT_NOFILE, limits.open_files, limits.open_files],
            [resource.RLIMIT_CORE, 0, 0],
        ]

    def bwrap_argv(
        self,
        *,
        seccomp_fd: int,
        runner_fd: int,
        payload_fd: int,
        tests_fd: int,
        result_fd: int,
        info_fd: int,
        run_id: str,
        prefix_source: str,
    ):
        return [
            self.bwrap,
            "--unshare-all",
            "--unshare-user",
            "--disable-userns",
            "--die-with-parent",
            "--new-session",
            "--as-pid-1",
            "--hostname",
            "sandbox",
            "--clearenv",
            "--setenv",
            "PATH",
            "/usr/bin:/bin",
            "--setenv",
            "LANG",
            "C.UTF-8",
            "--setenv",
            "HOME",
            "/tmp",  # noqa: S108 - the sandbox's own private tmpfs
            *_system_binds(self.prefix, prefix_source),
            # A few device nodes, not bwrap's --dev: that is a tmpfs as large as half the
            # memory, writable file by file past every other limit.
            *_device_binds(),
            "--size",
            str(self.limits.tmp_bytes),
            "--tmpfs",
            "/tmp",  # noqa: S108 - a fresh tmpfs, private to this run
            "--ro-bind-data",
            str(runner_fd),
            f"{INSIDE_DIR}/runner.py",
            "--ro-bind-data",
            str(payload_fd),
            f"{INSIDE_DIR}/payload.json",
            "--chdir",
            "/tmp",  # noqa: S108 - inside the sandbox
            "--remount-ro",
            "/",
            "--seccomp",
            str(seccomp_fd),
            # bwrap says there the host pid of the sandbox's PID 1, so that the end of the run
            # can wait for every process of it to be gone (see _reap).
            "--info-fd",
            str(info_fd),
            "--",
            self.python,
            "-I",
            "-S",
            "-B",
            "-X",
            "utf8",
            f"{INSIDE_DIR}/runner.py",
            "--payload",
            f"{INSIDE_DIR}/payload.json",
            "--tests-fd",
            str(tests_fd),
            "--result-fd",
            str(result_fd),
            "--run",
            run_id,
        ]


def _memfd(name: str, data: bytes) -> int:
    fd = os.memfd_create(name, 0)  # not CLOEXEC: passed on by pass_fds
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


@contextlib.contextmanager
def _machine_lock(wait_seconds: float, busy: type[Exception] = SandboxUnavailable):
    """One sandbox at a time on this machine for this worker user (every worker, every
    checkout): runs share the sandbox uid's process limit."""
    path = _lock_path()
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o600)
    except OSError as exc:
        raise SandboxUnavailable(f"the sandbox's lock file {path} cannot be opened: {exc.strerror}") from exc
    try:
        # Anyone may create a file in /tmp first and hold a lock on it for ever.
        found = os.fstat(fd)
        if found.st_uid != os.geteuid() or not stat.S_ISREG(found.st_mode):
            raise SandboxUnavailable(
                f"the sandbox's lock file {path} is not a file of this user (uid {found.st_uid}); "
                "remove it or set SANDBOX_LOCK_FILE"
            )
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise busy("the sandbox is busy; try again in a moment") from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)


def _lock_path() -> str:
    """SANDBOX_LOCK_FILE, else /run's (root's own folder) for a root worker, else one in the
    temporary folder named after the uid."""
    configured = str(_setting("SANDBOX_LOCK_FILE", ""))
    if configured:
        return configured
    if os.geteuid() == 0 and os.path.isdir("/run") and os.access("/run", os.W_OK):
        return "/run/diceytech-sandbox.lock"
    return os.path.join(tempfile.gettempdir(), f"diceytech-sandbox-{os.geteuid()}.lock")


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()


def run_exercise(*, solution: str, tests: str, limits: Limits | None = None) -> SandboxResult:
    """Run `tests` against `solution` in the sandbox and say how it went.

    Raises SandboxUnavailable when the sandbox cannot run here (and runs nothing), or when
    the worker itself ran short (no descriptor or memory file left): never another error,
    so the caller always has an answer to record."""
    limits = limits or configured_limits()
    plan = _Plan(limits)
    try:
        with _machine_lock(wait_seconds=3 * limits.wall_seconds + 5), _stage_dir(plan) as stage:
            return _run(plan, solution, tests, stage)
    except OSError as exc:
        raise SandboxUnavailable(f"the sandbox could not run: {exc}") from exc


@contextlib.contextmanager
def _stage_dir(plan: _Plan):
    if not plan.needs_stage:
        yield None
        return
    folder = tempfile.mkdtemp(prefix="diceytech-sandbox-")
    try:
        os.chmod(folder, 0o755)  # noqa: S103 - an empty mount point the sandbox uid must reach
        yield folder
    finally:
        with contextlib.suppress(OSError):
            os.rmdir(folder)


def _run(plan: _Plan, solution: str, tests: str, stage: str | None) -> SandboxResult:
    limits = plan.limits
    # The tests are not in the payload file (which the learner's code can read) but on a
    # descriptor the runner reads only after the learner's process has been forked without it.
    payload = json.dumps({"solution": solution, "limits": limits.for_runner()}).encode()
    run_id = secrets.token_hex(8)
    fds = [
        _memfd("seccomp", plan.seccomp),
        _memfd("runner", RUNNER_PATH.read_bytes()),
        _memfd("payload", payload),
        _memfd("tests", tests.encode("utf-8", "surrogatepass")),
    ]
    result_read, result_write = os.pipe()
    os.set_inheritable(result_write, True)
    fds.append(result_write)
    info_read, info_write = os.pipe()
    os.set_inheritable(info_write, True)
    fds.append(info_write)
    argv = plan.bwrap_argv(
        seccomp_fd=fds[0],
        runner_fd=fds[1],
        payload_fd=fds[2],
        tests_fd=fds[3],
        result_fd=result_write,
        info_fd=info_write,
        run_id=run_id,
        prefix_source=stage or plan.prefix,
    )
    group = cgroup_module.create(run_id, limits.memory_bytes + limits.tmp_bytes + cgroup_module.SLACK)
    config = {
        "rlimits": plan.rlimits(),
        "uid": plan.uid,
        "gid": plan.uid,
        "stage": [plan.prefix, stage] if stage else None,
        "cgroup": group.procs if group else None,
        "argv": argv,
    }
    started = time.monotonic()
    try:
        process = subprocess.Popen(  # noqa: S603 - our own launcher with arguments built above
            [sys.executable, "-I", "-S", str(LAUNCHER_PATH), json.dumps(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            pass_fds=fds,
            start_new_session=True,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
    except OSError as exc:
        os.close(result_read)
        os.close(info_read)
        if group:
            group.remove()
        raise SandboxUnavailable(f"the sandbox could not start: {exc}") from exc
    finally:
        for fd in fds:
            os.close(fd)
    stream = _Stream()
    try:
        _read(process, result_read, info_read, limits, started, stream)
    finally:
        _kill(process)
        process.wait()
        process.stdout.close()
        os.close(result_read)
        os.close(info_read)
        _reap(stream)
        if group:
            stream.oom_kills = group.oom_kills()
            group.remove()
    duration_ms = int((time.monotonic() - started) * 1000)
    return _result(stream, limits, duration_ms)


class _Busy(Exception):
    """Another run holds the lock (only the probe treats this apart)."""


class _Stream:
    def __init__(self):
        self.output = bytearray()
        self.results = bytearray()
        self.output_over = False
        self.results_over = False
        self.timed_out = False
        self.info = bytearray()
        self.sandbox_pidfd: int | None = None
        self.sandbox_pid: int | None = None
        self.oom_kills = 0


def _read(
    process: subprocess.Popen,
    result_read: int,
    info_read: int,
    limits: Limits,
    started: float,
    stream: _Stream,
) -> None:
    """Read output and results as they come, never more than the limits; stop the sandbox on
    the wall-clock limit or too much output."""
    deadline = started + limits.wall_seconds
    output_fd = process.stdout.fileno()
    with selectors.DefaultSelector() as selector:
        selector.register(output_fd, selectors.EVENT_READ, "output")
        selector.register(result_read, selectors.EVENT_READ, "results")
        selector.register(info_read, selectors.EVENT_READ, "info")
        open_streams = 2
        while open_streams:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                stream.timed_out = True
                break
            for key, _ in selector.select(remaining):
                chunk = os.read(key.fd, 65536)
                if key.data == "info":
                    _take_info(stream, chunk)
                    if not chunk:
                        selector.unregister(key.fd)
                    continue
                if not chunk:
                    selector.unregister(key.fd)
                    open_streams -= 1
                elif key.data == "output":
                    room = limits.output_bytes - len(stream.output)
                    stream.output += chunk[: max(room, 0)]
                    if len(chunk) > room:
                        stream.output_over = True
                else:
                    room = RESULT_BYTES - len(stream.results)
                    stream.results += chunk[: max(room, 0)]
                    if len(chunk) > room:
                        stream.results_over = True
            if stream.output_over or stream.results_over:
                break


def _take_info(stream: _Stream, chunk: bytes) -> None:
    """Keep bwrap's info document; once whole, hold a pidfd on the sandbox's PID 1."""
    if stream.sandbox_pid is not None or len(stream.info) > 4096:
        return
    stream.info += chunk
    try:
        pid = int(json.loads(bytes(stream.info))["child-pid"])
    except (ValueError, KeyError, TypeError):
        return
    stream.sandbox_pid = pid
    with contextlib.suppress(OSError, AttributeError):
        stream.sandbox_pidfd = os.pidfd_open(pid)


REAP_SECONDS = 5.0


def _reap(stream: _Stream) -> None:
    """Kill the sandbox's PID 1 and wait until it has ended. Killing bwrap alone ends it only
    through its parent-death signal, later: the processes of a stopped run (up to the process
    limit, each with its memory) would still be there, counted against the uid's process
    limit, when the next run starts. The PID namespace's init ends (its pidfd becomes
    readable) only once every other process in the namespace has been released; what is left
    is its own zombie until the machine's init reaps it."""
    if stream.sandbox_pidfd is None:
        return
    pidfd = stream.sandbox_pidfd
    try:
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(pidfd, signal.SIGKILL)
        with selectors.DefaultSelector() as selector:
            selector.register(pidfd, selectors.EVENT_READ)
            selector.select(REAP_SECONDS)
    finally:
        os.close(pidfd)


def _result(stream: _Stream, limits: Limits, duration_ms: int) -> SandboxResult:
    events = []
    for line in bytes(stream.results).splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    output = bytes(stream.output).decode("utf-8", errors="replace")
    if not any(event.get("type") == "ready" for event in events):
        if stream.timed_out:
            raise SandboxUnavailable("the sandbox did not start in time")
        reason = next(
            (line for line in output.splitlines() if line.startswith(("bwrap:", "sandbox-launch:"))),
            output.strip().splitlines()[-1] if output.strip() else "it ended without a word",
        )
        raise SandboxUnavailable(f"the sandbox could not start: {reason[:300]}")
    if stream.oom_kills:
        events.append(
            {
                "type": "stopped",
                "reason": "memory",
                "message": f"Ran out of memory (the limit is {limits.memory_bytes // MIB} MiB for all its processes together)",
            }
        )
    elif stream.output_over:
        events.append(
            {
                "type": "stopped",
                "reason": "output_limit",
                "message": f"Printed more than {limits.output_bytes // 1024} KiB of output",
            }
        )
    elif stream.timed_out:
        events.append(
            {"type": "stopped", "reason": "timeout", "message": f"Timed out after {limits.wall_seconds} s"}
        )
    elif stream.results_over:
        events.append({"type": "stopped", "reason": "crashed", "message": "The test runner wrote too much"})
    elif not any(event.get("type") == "end" for event in events):
        # The supervisor's last word is missing: it was ended from inside, so nothing it
        # relayed before can be taken as the whole story.
        events.append(
            {
                "type": "stopped",
                "reason": "crashed",
                "message": "The test runner was stopped before it finished",
            }
        )
    _started.add(_config_key())
    summary = runner_module.summarise(events, limits=limits.for_runner())
    return SandboxResult.from_dict({**summary, "duration_ms": duration_ms, "output": output})


# --- Can it run here? ----------------------------------------------------------------------

_PROBE_TESTS = 'def test_probe():\n    """The sandbox runs"""\n    assert 1 + 1 == 2\n'
_PROBE_LOCK_WAIT = 2.0
_FAILURE_MEMORY = 30.0  # seconds a failed probe is believed before the next one
_started: set[tuple] = set()  # configurations under which a sandbox started in this process
_failed: dict[tuple, tuple[float, str]] = {}


def _config_key() -> tuple:
    return (
        str(_setting("SANDBOX_BWRAP", "bwrap")),
        str(_setting("SANDBOX_PYTHON", "")),
        str(_setting("SANDBOX_UID", NOBODY)),
        os.geteuid(),
    )


def sandbox_available() -> tuple[bool, str]:
    """(True, "") when the sandbox runs here, else (False, why).

    Once a sandbox has started in this process (a probe or a real run) the answer is yes for
    the life of the process. Otherwise a trivial exercise is run (about 0.2 s); a failure is
    believed for 30 s. If another run holds the machine's lock, the probe does not wait: the
    checks that need no run decide, and a later run that cannot start still raises
    SandboxUnavailable."""
    key = _config_key()
    if key in _started:
        return True, ""
    failed = _failed.get(key)
    if failed and time.monotonic() - failed[0] < _FAILURE_MEMORY:
        return False, failed[1]
    try:
        plan = _Plan(configured_limits())
        with _machine_lock(wait_seconds=_PROBE_LOCK_WAIT, busy=_Busy), _stage_dir(plan) as stage:
            result = _run(plan, "", _PROBE_TESTS, stage)
    except _Busy:
        return True, ""
    except SandboxUnavailable as exc:
        _failed[key] = (time.monotonic(), str(exc))
        return False, str(exc)
    if result.verdict != "passed":
        reason = f"a trivial exercise did not pass in the sandbox: {result.summary}"
        _failed[key] = (time.monotonic(), reason)
        return False, reason
    return True, ""
