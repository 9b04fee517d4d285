"""The code sandbox: readable results, and hostile programs stopped by the real bubblewrap.

The runner's own behaviour (assert messages, names, output) is proven in this process through
its browser entry point, `run_in_browser`, which is also what Pyodide calls. Everything else runs
the real sandbox: bubblewrap, seccomp, the limits and (as root) the unprivileged uid. Where the
sandbox cannot run these tests fail as root or in CI (`make sandbox` installs bubblewrap there)
and are skipped elsewhere, with the reason.
"""

from __future__ import annotations

import ast
import fcntl
import json
import os
import shutil
import socket
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

from apps.learning.sandbox import (
    DEFAULT_LIMITS,
    Limits,
    SandboxResult,
    SandboxUnavailable,
    TestOutcome,
    run_exercise,
    runner_source,
    sandbox_available,
)
from apps.learning.sandbox import cgroup as sandbox_cgroup
from apps.learning.sandbox import run as sandbox_run
from apps.learning.sandbox.runner import run_in_browser

ADD_TESTS = textwrap.dedent(
    '''
    from solution import add


    def test_small_numbers():
        """Adds two small numbers"""
        assert add(2, 3) == 5


    def test_negative_numbers():
        print("checking negatives")
        assert add(-1, -1) == -2
    '''
)

CALL_MAIN = textwrap.dedent(
    '''
    import solution


    def test_main():
        """Runs main()"""
        solution.main()
    '''
)


def browser(solution: str, tests: str) -> dict:
    return json.loads(run_in_browser(textwrap.dedent(solution), textwrap.dedent(tests)))


# --- The runner (in this process, as in the browser) ----------------------------------------


def test_runner_passes_a_correct_solution_with_readable_names():
    result = browser("def add(a, b):\n    return a + b\n", ADD_TESTS)

    assert result["verdict"] == "passed"
    assert result["summary"] == "2 of 2 tests passed"
    assert [(t["name"], t["status"], t["id"]) for t in result["tests"]] == [
        ("Adds two small numbers", "pass", "test_small_numbers"),
        ("test_negative_numbers", "pass", "test_negative_numbers"),
    ]
    assert result["tests"][1]["output"] == "checking negatives\n"


def test_failed_equality_says_expected_and_got():
    result = browser("def add(a, b):\n    return a - b\n", ADD_TESTS)

    assert result["verdict"] == "failed"
    assert result["summary"] == "0 of 2 tests passed"
    first = result["tests"][0]
    assert first["status"] == "fail"
    assert first["message"] == "assert add(2, 3) == 5\nExpected: 5\nGot:      -1"


def test_expected_value_written_first_is_still_the_expectation():
    tests = "from solution import double\n\ndef test_double():\n    assert 8 == double(4), 'doubles'\n"

    result = browser("def double(n):\n    return n + 2\n", tests)

    assert result["tests"][0]["message"] == "doubles\nassert 8 == double(4)\nExpected: 8\nGot:      6"


def test_other_asserts_show_their_values():
    tests = textwrap.dedent(
        """
        from solution import words, is_even, LIMIT

        def test_membership():
            assert "pear" in words()

        def test_truth():
            assert is_even(3)

        def test_order():
            assert LIMIT < 5
        """
    )
    solution = "LIMIT = 7\ndef words():\n    return ['apple']\ndef is_even(n):\n    return n % 2 == 0\n"

    messages = [t["message"] for t in browser(solution, tests)["tests"]]

    assert messages == [
        "assert \"pear\" in words()\nwords() was ['apple']",
        "assert is_even(3)\nis_even(3) was False",
        "assert LIMIT < 5\nLeft:  7\nRight: 5",
    ]


def test_assert_evaluates_each_side_once():
    tests = "from solution import tick, count\n\ndef test_once():\n    assert tick() == 1\n    assert count() == 1\n"
    solution = "n = 0\ndef tick():\n    global n\n    n += 1\n    return n\ndef count():\n    return n\n"

    assert browser(solution, tests)["verdict"] == "passed"


def test_syntax_error_points_at_its_line():
    result = browser("def add(a, b):\n    return a +\n", ADD_TESTS)

    assert result["verdict"] == "error"
    assert result["summary"] == "SyntaxError on line 2: invalid syntax"


def test_error_while_loading_names_the_line():
    result = browser("x = 1\ny = undefined_name + x\n", ADD_TESTS)

    assert result["verdict"] == "error"
    assert result["summary"] == "NameError on line 2: name 'undefined_name' is not defined"


def test_missing_function_is_reported_as_import_error():
    result = browser("def plus(a, b):\n    return a + b\n", ADD_TESTS)

    assert result["verdict"] == "error"
    assert result["summary"].startswith("The tests could not import from your code: cannot import name 'add'")


def test_exception_in_the_solution_names_the_line_in_the_learners_code():
    result = browser("def add(a, b):\n    return a / 0\n", ADD_TESTS)

    message = result["tests"][0]["message"]
    assert result["tests"][0]["status"] == "error"
    assert message.startswith("ZeroDivisionError: division by zero\n  on line 2 of your code: return a / 0")


def test_output_and_messages_are_cut_to_500_characters():
    solution = "def add(a, b):\n    print('x' * 5000)\n    return 'y' * 5000\n"

    result = browser(solution, ADD_TESTS)

    first = result["tests"][0]
    assert len(first["output"]) == 500
    assert first["output"].endswith("…")
    assert len(first["message"]) <= 500


def test_tests_run_in_file_order():
    tests = "def test_b():\n    print('b')\n\ndef test_a():\n    print('a')\n"

    result = browser("", tests)

    assert [t["id"] for t in result["tests"]] == ["test_b", "test_a"]
    assert result["output"] == "b\na\n"


def test_runner_source_is_the_runner_and_stands_alone():
    source = runner_source()

    namespace: dict = {"__name__": "runner_in_browser"}
    exec(compile(source, "runner.py", "exec"), namespace)  # noqa: S102 - as Pyodide loads it
    result = json.loads(namespace["run_in_browser"]("def add(a, b):\n    return a + b\n", ADD_TESTS))
    assert result["verdict"] == "passed"
    imports = {line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))}
    assert imports <= {"__future__", "ast", "contextlib", "io", "json", "linecache", "sys", "types"}


def test_result_survives_a_round_trip_through_json():
    result = SandboxResult(
        verdict="failed",
        summary="1 of 2 tests passed",
        tests=[TestOutcome("Adds", "pass", id="test_add"), TestOutcome("Subtracts", "fail", "Expected: 1")],
        duration_ms=120,
        output="hello\n",
    )

    again = SandboxResult.from_dict(json.loads(json.dumps(result.to_dict())))

    assert again == result
    assert again.first_failure.name == "Subtracts"


def test_results_are_cleaned_of_nul_and_lone_surrogates():
    result = SandboxResult.from_dict(
        {
            "verdict": "failed",
            "summary": "x\x00",
            "tests": [{"name": "t", "status": "fail", "message": "a\ud800b", "output": "\x00"}],
            "output": "out\x00\udcff",
        }
    )

    stored = json.dumps(result.to_dict(), ensure_ascii=False)
    assert "\x00" not in stored
    stored.encode("utf-8")


def test_stored_result_with_unknown_verdict_reads_as_crashed():
    assert SandboxResult.from_dict({"verdict": "hacked", "summary": "x"}).verdict == "crashed"


# --- The real sandbox ----------------------------------------------------------------------


@pytest.fixture
def real_sandbox(settings):
    """Fails where the sandbox must work (as root, or in CI), skips elsewhere."""
    available, reason = sandbox_available()
    if not available:
        if os.geteuid() == 0 or os.environ.get("CI"):
            pytest.fail(f"the sandbox cannot run here: {reason} (make sandbox installs bubblewrap)")
        pytest.skip(f"the sandbox cannot run here: {reason}")
    return settings


@pytest.fixture
def run_marker(monkeypatch):
    """A known run id: it is on the sandbox's command line, so a test can prove no process of
    that run is left behind."""
    marker = f"dtsbx{os.getpid()}{time.monotonic_ns()}"
    monkeypatch.setattr(sandbox_run.secrets, "token_hex", lambda _n: marker)
    return marker


def processes_with(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def assert_nothing_left(marker: str) -> None:
    deadline = time.monotonic() + 2
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert processes_with(marker) == []


def sandboxed(
    solution: str, tests: str = CALL_MAIN, limits: Limits | None = None
) -> tuple[SandboxResult, float]:
    started = time.monotonic()
    result = run_exercise(solution=textwrap.dedent(solution), tests=textwrap.dedent(tests), limits=limits)
    return result, time.monotonic() - started


@pytest.mark.slow
@pytest.mark.usefixtures("real_sandbox")
class TestRealSandbox:
    def test_passing_solution_passes(self):
        result, _ = sandboxed("def add(a, b):\n    return a + b\n", ADD_TESTS)

        assert result.verdict == "passed"
        assert result.summary == "2 of 2 tests passed"
        assert result.tests[0] == TestOutcome("Adds two small numbers", "pass", "", "", "test_small_numbers")
        assert result.tests[1].output == "checking negatives\n"
        assert result.output == "checking negatives\n"
        assert 0 < result.duration_ms < 5000

    def test_failing_solution_gets_a_readable_message(self):
        result, _ = sandboxed("def add(a, b):\n    print('adding', a, b)\n    return a * b\n", ADD_TESTS)

        assert result.verdict == "failed"
        assert result.summary == "0 of 2 tests passed"
        assert result.first_failure.name == "Adds two small numbers"
        assert result.first_failure.message == "assert add(2, 3) == 5\nExpected: 5\nGot:      6"
        assert result.first_failure.output == "adding 2 3\n"

    def test_syntax_error_is_pointed_at_its_line(self):
        result, _ = sandboxed("def add(a, b):\n    return a +\n", ADD_TESTS)

        assert result.verdict == "error"
        assert result.summary == "SyntaxError on line 2: invalid syntax"

    def test_code_runs_as_an_unprivileged_user_in_a_clean_environment(self):
        solution = """
            import json, os
            def main():
                print(json.dumps([os.getuid(), os.getgid(), sorted(os.environ), sorted(os.listdir("/"))]))
        """

        result, _ = sandboxed(solution)

        uid, gid, environment, top = json.loads(result.output)
        if os.geteuid() == 0:
            assert (uid, gid) == (65534, 65534)
        else:
            assert uid == os.getuid()
        assert environment == ["HOME", "LANG", "PATH", "PWD"]
        assert set(top) <= {
            "bin",
            "dev",
            "etc",
            "lib",
            "lib32",
            "lib64",
            "libx32",
            "root",
            "sandbox",
            "sbin",
            "tmp",
            "usr",
        }

    def test_fork_bomb_stops_at_the_process_limit(self, run_marker):
        solution = """
            import os, time
            def main():
                forked = 0
                try:
                    while True:
                        if os.fork() == 0:
                            time.sleep(30)
                            os._exit(0)
                        forked += 1
                finally:
                    print("forked", forked)
        """

        result, seconds = sandboxed(solution)

        assert result.verdict == "failed"
        assert "at most 32 processes" in result.tests[0].message
        assert 0 < int(result.output.split()[1]) < DEFAULT_LIMITS.processes
        assert seconds < 10
        assert_nothing_left(run_marker)

    def test_fork_bomb_that_keeps_forking_is_stopped_by_the_clock(self, run_marker):
        solution = """
            import os
            def main():
                while True:
                    try:
                        os.fork()
                    except OSError:
                        pass
        """

        result, seconds = sandboxed(solution, limits=Limits(wall_seconds=3))

        assert result.verdict == "timeout"
        assert result.summary in ("timed out after 3 s", "timed out after 5 s")
        assert seconds < 5
        assert_nothing_left(run_marker)

    def test_stopped_run_is_gone_before_the_next_one_starts(self, run_marker):
        # Each process holds some memory, so that ending them takes the kernel a moment.
        solution = """
            import os, time
            def main():
                for _ in range(40):
                    try:
                        if os.fork() == 0:
                            held = bytearray(7 << 20)
                            time.sleep(60)
                    except OSError:
                        break
                time.sleep(60)
        """
        counting = """
            import os, time
            def main():
                forked = 0
                for _ in range(40):
                    try:
                        if os.fork() == 0:
                            time.sleep(2)
                            os._exit(0)
                    except OSError:
                        break
                    forked += 1
                print(forked)
        """

        stopped, _ = sandboxed(solution, limits=Limits(wall_seconds=2))
        assert processes_with(run_marker) == []
        result, _ = sandboxed(counting)

        assert stopped.verdict == "timeout"
        assert int(result.output) >= DEFAULT_LIMITS.processes - 4

    def test_infinite_loop_times_out_after_5_s(self, run_marker):
        result, seconds = sandboxed("def main():\n    while True:\n        pass\n")

        assert result.verdict == "timeout"
        assert result.summary in ("timed out after 5 s", "timed out after 10 s")
        assert result.tests[0].message in ("Timed out after 5 s", "Timed out after 10 s")
        assert seconds < 11
        assert_nothing_left(run_marker)

    def test_cpu_limit_is_said_as_such_and_later_tests_do_not_run(self):
        # One CPU second and a long wall clock, so the CPU limit ends it even on a busy machine.
        tests = CALL_MAIN + "\n\ndef test_after():\n    pass\n"

        result, _ = sandboxed(
            "def main():\n    while True:\n        pass\n",
            tests,
            limits=Limits(cpu_seconds=1, wall_seconds=30),
        )

        assert result.verdict == "timeout"
        assert result.summary == "timed out after 1 s"
        assert [(t.status, t.message) for t in result.tests] == [
            ("error", "Timed out after 1 s"),
            ("error", "Not run: an earlier test ran out of time"),
        ]

    def test_loop_that_swallows_the_cpu_warning_is_killed_at_the_hard_limit(self):
        solution = """
            import signal
            def main():
                signal.signal(signal.SIGXCPU, signal.SIG_IGN)
                while True:
                    try:
                        while True:
                            pass
                    except BaseException:
                        pass
        """

        result, _ = sandboxed(solution, limits=Limits(cpu_seconds=1, wall_seconds=30))

        assert result.verdict == "timeout"
        assert result.summary == "timed out after 1 s"
        assert result.tests[0].message == "Timed out after 1 s"

    def test_sleeping_forever_is_stopped_by_the_wall_clock(self, run_marker):
        result, seconds = sandboxed(
            "import time\ndef main():\n    time.sleep(600)\n", limits=Limits(wall_seconds=2)
        )

        assert result.verdict == "timeout"
        assert result.summary == "timed out after 2 s"
        assert result.tests[0].message == "Timed out after 2 s"
        assert seconds < 4
        assert_nothing_left(run_marker)

    def test_one_gib_allocation_runs_out_of_memory(self):
        result, seconds = sandboxed("def main():\n    block = bytearray(1 << 30)\n    print(len(block))\n")

        assert result.verdict == "memory"
        assert result.summary == "ran out of memory (the limit is 256 MiB)"
        assert result.tests[0].message == "Ran out of memory (the limit is 256 MiB)"
        assert seconds < 10

    def test_memory_of_all_processes_together_is_limited(self):
        probe = sandbox_cgroup.create(f"probe{os.getpid()}", 1 << 30)
        if probe is None:
            if os.environ.get("CI"):
                pytest.fail("no memory cgroup can be made here: runs are limited per process only")
            pytest.skip("no memory cgroup can be made here (not root, or no memory controller)")
        probe.remove()
        # Eight processes of 96 MiB each: every one is within the per-process limit.
        solution = """
            import os, time
            def main():
                children = []
                for _ in range(8):
                    pid = os.fork()
                    if pid == 0:
                        block = bytearray(96 << 20)
                        block[::4096] = b"x" * len(block[::4096])
                        time.sleep(5)
                        os._exit(0)
                    children.append(pid)
                for pid in children:
                    os.waitpid(pid, 0)
        """

        result, seconds = sandboxed(solution)

        assert result.verdict == "memory"
        assert result.summary == "ran out of memory (the limit is 256 MiB for all its processes together)"
        assert seconds < 10

    def test_runs_without_a_cgroup_where_none_can_be_made(self, monkeypatch):
        monkeypatch.setattr(sandbox_cgroup, "create", lambda _run_id, _limit: None)

        result, _ = sandboxed("def add(a, b):\n    return a + b\n", ADD_TESTS)

        assert result.verdict == "passed"

    def test_ten_mib_file_is_cut_at_one_mib(self):
        solution = """
            import os
            def main():
                try:
                    with open("/tmp/big", "w") as handle:
                        for _ in range(10 * 1024):
                            handle.write("x" * 1024)
                finally:
                    print("size", os.path.getsize("/tmp/big"))
        """

        result, seconds = sandboxed(solution)

        assert result.verdict == "failed"
        assert "file too large (files are limited to 1024 KiB)" in result.tests[0].message
        assert int(result.output.split()[1]) <= 1024 * 1024
        assert seconds < 10

    def test_only_the_small_private_tmp_is_writable(self):
        solution = """
            import os
            def main():
                for folder in ("/", "/dev", "/etc", "/usr", "/sandbox", "/root", "/var"):
                    try:
                        with open(folder + "/f", "w") as handle:
                            handle.write("x")
                        print("WROTE", folder)
                    except OSError:
                        pass
                written = 0
                try:
                    for n in range(1000):
                        with open(f"/tmp/f{n}", "w") as handle:
                            handle.write("x" * 1024 * 1024)
                        written += 1
                except OSError as exc:
                    print("tmp full after", written, "MiB:", exc.strerror)
        """

        result, _ = sandboxed(solution)

        assert "WROTE" not in result.output
        written = int(result.output.split("after ")[1].split()[0])
        assert written <= DEFAULT_LIMITS.tmp_bytes // (1024 * 1024)
        assert "No space left on device" in result.output

    def test_open_files_stop_at_64(self):
        solution = """
            def main():
                held = []
                try:
                    while True:
                        held.append(open("/dev/null"))
                except OSError as exc:
                    print(len(held), exc.strerror)
        """

        result, _ = sandboxed(solution)

        count, reason = result.output.strip().split(" ", 1)
        assert 50 < int(count) < DEFAULT_LIMITS.open_files
        assert reason == "Too many open files"

    def test_gigabytes_of_output_are_cut_at_64_kib(self, run_marker):
        solution = """
            import os
            def main():
                chunk = b"x" * 65536
                for _ in range(32 * 1024):  # 2 GiB
                    os.write(1, chunk)
        """

        result, seconds = sandboxed(solution)

        assert result.verdict == "output_limit"
        assert result.summary == "printed more than 64 KiB of output"
        assert len(result.output) == 64 * 1024
        assert seconds < 5
        assert_nothing_left(run_marker)

    def test_system_and_project_files_are_not_visible(self, settings):
        base = Path(settings.BASE_DIR)
        paths = [
            "/etc/passwd",
            "/etc/shadow",
            str(base / "manage.py"),
            str(base / "site_config" / "settings.py"),
            str(base / ".env.example"),
            "/root/.bash_history",
            "/proc/1/environ",
        ]
        solution = f"""
            import os
            def main():
                for path in {paths!r}:
                    try:
                        with open(path) as handle:
                            print("READ", path, handle.read()[:200])
                    except OSError as exc:
                        print("no", path, type(exc).__name__)
                for folder in ("/work", {str(base)!r}, "/home", "/root"):
                    try:
                        print("LIST", folder, os.listdir(folder))
                    except OSError as exc:
                        print("no", folder, type(exc).__name__)
        """

        result, _ = sandboxed(solution)

        assert result.verdict == "passed"
        assert "READ" not in result.output
        assert "root:x:0:0" not in result.output
        assert "DJANGO" not in result.output
        listed = [line for line in result.output.splitlines() if line.startswith("LIST")]
        # The interpreter's own directory is bound read-only at its path (under /root with pyenv).
        assert all(line in ("LIST /root ['.pyenv']",) for line in listed), listed

    def test_sockets_cannot_reach_the_network_or_this_machine(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        solution = f"""
            import socket
            def main():
                attempts = {{
                    "tcp": lambda: socket.create_connection(("127.0.0.1", {port}), timeout=2),
                    "udp": lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("127.0.0.1", 53)),
                    "dns": lambda: socket.getaddrinfo("example.com", 80),
                    "ipv6": lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM),
                    "netlink": lambda: socket.socket(socket.AF_NETLINK, socket.SOCK_RAW),
                }}
                for name, attempt in attempts.items():
                    try:
                        attempt()
                        print("OPENED", name)
                    except OSError as exc:
                        print("refused", name, type(exc).__name__)
        """

        try:
            result, _ = sandboxed(solution)
            with pytest.raises(BlockingIOError):
                listener.accept()
        finally:
            listener.close()

        assert result.verdict == "passed"
        assert "OPENED" not in result.output
        assert result.output.count("refused") == 5

    def test_abstract_unix_sockets_of_this_machine_are_out_of_reach(self):
        name = f"\0dt-sandbox-test-{os.getpid()}".encode()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(name)
        listener.listen(1)
        listener.setblocking(False)
        solution = f"""
            import socket
            def main():
                client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                try:
                    client.connect({name!r})
                    print("CONNECTED")
                except OSError as exc:
                    print("refused", exc.errno)
        """

        try:
            result, _ = sandboxed(solution)
            with pytest.raises(BlockingIOError):
                listener.accept()
        finally:
            listener.close()

        assert result.output == "refused 111\n"

    def test_kernel_facilities_are_refused(self):
        solution = """
            import ctypes, os
            def main():
                libc = ctypes.CDLL(None, use_errno=True)
                for name, call in {
                    "unshare": lambda: os.unshare(os.CLONE_NEWUSER),
                    "ptrace": lambda: libc.ptrace(16, 1, 0, 0) == -1 and (_ for _ in ()).throw(OSError(ctypes.get_errno(), "ptrace")),
                    "mount": lambda: libc.mount(b"x", b"/tmp", b"tmpfs", 0, None) == -1 and (_ for _ in ()).throw(OSError(ctypes.get_errno(), "mount")),
                    "shmget": lambda: libc.shmget(0, 1 << 20, 0o1600) == -1 and (_ for _ in ()).throw(OSError(ctypes.get_errno(), "shmget")),
                    "memfd": lambda: os.memfd_create("x"),
                }.items():
                    try:
                        call()
                        print("ALLOWED", name)
                    except OSError as exc:
                        print("refused", name, exc.errno)
        """

        result, _ = sandboxed(solution)

        assert "ALLOWED" not in result.output
        assert result.output.count("refused") == 5

    def test_forged_results_are_not_believed(self, tmp_path):
        forged = [
            {
                "type": "result",
                "id": "test_main",
                "status": "pass",
                "message": "",
                "output": "",
                "reason": "",
            },
            {"type": "done"},
            {"type": "end", "exit": 0, "signal": None, "cpu": 0, "violation": None},
            {"verdict": "passed", "summary": "1 of 1 tests passed", "tests": []},
        ]
        lines = "".join(json.dumps(event) + "\n" for event in forged)
        solution = f"""
            import os
            LINES = {lines!r}
            print(LINES)
            for fd in range(3, 64):
                try:
                    os.write(fd, LINES.encode())
                except OSError:
                    pass
            for path in ("/tmp/result.json", "/sandbox/result.json", "/sandbox/payload.json"):
                try:
                    with open(path, "w") as handle:
                        handle.write(LINES)
                except OSError:
                    pass
            def main():
                assert 1 == 2
        """

        result, _ = sandboxed(solution)

        assert result.verdict == "crashed"
        assert result.summary.startswith("the program interfered with the test runner")

    def test_learners_process_holds_only_stdio_and_its_report_pipe(self):
        solution = """
            import os, stat
            def main():
                held = []
                for fd in range(1024):
                    try:
                        held.append((fd, stat.S_ISFIFO(os.fstat(fd).st_mode)))
                    except OSError:
                        pass
                print(held)
        """

        result, _ = sandboxed(solution)

        held = ast.literal_eval(result.output)
        assert [fd for fd, _ in held][:3] == [0, 1, 2]
        assert len(held) == 4  # stdin, stdout, stderr and the pipe to the supervisor

    def test_forging_results_from_inside_a_test_is_not_believed(self):
        solution = """
            import os, json
            def main():
                event = {"type": "result", "id": "test_main", "status": "pass", "message": "", "output": "", "reason": ""}
                for fd in range(3, 64):
                    try:
                        os.write(fd, (json.dumps(event) + "\\n").encode())
                    except OSError:
                        pass
                assert False
        """

        result, _ = sandboxed(solution)

        assert result.verdict == "crashed"
        assert result.tests[0].status == "error"
        assert result.tests[0].message == "Not trusted: the program interfered with the test runner"

    def test_always_equal_object_does_not_pass(self):
        solution = """
            class Anything:
                def __eq__(self, other):
                    return True
            def add(a, b):
                return Anything()
        """

        result, _ = sandboxed(solution, ADD_TESTS)

        assert result.verdict == "failed"
        assert result.first_failure.message.startswith(
            "assert add(2, 3) == 5\nExpected: 5\nGot:      <solution.Anything"
        )

    def test_replacing_the_runners_functions_does_not_pass(self):
        solution = """
            import __main__, sys
            for module in list(sys.modules.values()):
                for name in ("run_one", "explain_compare", "summarise"):
                    if hasattr(module, name):
                        setattr(module, name, lambda *args, **kwargs: None)
            __main__._result = lambda test_id, *rest: {"type": "result", "id": test_id, "status": "pass",
                                                      "message": "", "output": "", "reason": ""}
            def add(a, b):
                return 0
        """

        result, _ = sandboxed(solution, ADD_TESTS)

        assert result.verdict == "failed"
        assert result.summary == "0 of 2 tests passed"

    def test_runners_messages_written_on_its_socket_do_not_pass(self):
        solution = """
            import json, os
            def add(a, b):
                messages = [
                    {"type": "result", "id": "test_small_numbers", "status": "pass", "message": "", "output": "", "reason": ""},
                    {"value": 5},
                    {"type": "done"},
                ]
                for fd in range(3, 64):
                    try:
                        os.write(fd, "".join(json.dumps(m) + "\\n" for m in messages).encode())
                    except OSError:
                        pass
                os._exit(0)
        """

        result, _ = sandboxed(solution, ADD_TESTS)

        assert result.verdict != "passed"
        assert result.tests[0].status != "pass"

    def test_values_cross_as_plain_data_with_arguments_copied_back(self):
        tests = textwrap.dedent(
            """
            from solution import tally, sort_names, parse, keep


            def test_counter_is_a_dict():
                assert tally(["a", "b", "a"]) == {"a": 2, "b": 1}


            def test_sorts_in_place():
                names = ["b", "c", "a"]
                assert sort_names(names) is None
                assert names == ["a", "b", "c"]


            def test_raises_value_error():
                try:
                    parse("x")
                except ValueError as exc:
                    assert "x" in str(exc)
                else:
                    assert False, "no ValueError"


            def test_list_stays_as_it_was():
                names = ["Ada", "Bola"]
                keep(names)
                assert names == ["Ada", "Bola"]
            """
        )
        solution = """
            from collections import Counter
            def tally(votes):
                return Counter(votes)
            def sort_names(names):
                names.sort()
            class NotANumber(ValueError):
                pass
            def parse(text):
                raise NotANumber(f"not a number: {text}")
            def keep(names):
                names.append("Efe")
                return names
        """

        result, _ = sandboxed(solution, tests)

        assert [(t.id, t.status) for t in result.tests] == [
            ("test_counter_is_a_dict", "pass"),
            ("test_sorts_in_place", "pass"),
            ("test_raises_value_error", "pass"),
            ("test_list_stays_as_it_was", "fail"),
        ]
        assert result.tests[3].message.endswith("Got:      ['Ada', 'Bola', 'Efe']")

    def test_values_that_are_not_plain_data_are_stand_ins_and_callbacks_are_refused(self):
        tests = textwrap.dedent(
            """
            from solution import make, apply, stop


            def test_object():
                assert make() == make()


            def test_callback():
                apply(len)


            def test_truth():
                assert make()


            def test_stop_iteration_does_not_end_the_tests_loop():
                assert all(map(stop, [1, 2]))
            """
        )
        solution = """
            class Thing:
                def __repr__(self):
                    return "Thing()"
            def make():
                return Thing()
            def apply(function):
                return function([])
            def stop(number):
                raise StopIteration
        """

        result, _ = sandboxed(solution, tests)

        assert [t.status for t in result.tests] == ["fail", "error", "error", "error"]
        assert result.tests[0].message.endswith("Got:      Thing()")
        assert result.tests[1].message.startswith("TypeError: the tests can only pass plain values")
        assert (
            result.tests[2].message == "TypeError: a Thing from your code cannot be checked as true or false"
        )

    def test_hidden_tests_are_out_of_the_learners_reach(self):
        tests = (
            ADD_TESTS
            + '''

def test_hidden_case():
    """A case the learner never sees"""
    assert add(40, 2) == 42, "zebra-hidden-marker"
'''
        )
        solution = """
            import gc, os
            MARK = "rekram-neddih-arbez"[::-1]  # not written out: the solution is in payload.json
            def look():
                found = []
                for folder in ("/sandbox", "/tmp"):
                    for name in os.listdir(folder):
                        with open(os.path.join(folder, name), "rb") as handle:
                            if MARK.encode() in handle.read():
                                found.append(name)
                for fd in range(3, 64):
                    try:
                        os.lseek(fd, 0, os.SEEK_SET)
                        if MARK.encode() in os.read(fd, 1 << 20):
                            found.append(fd)
                    except OSError:
                        pass
                if any(isinstance(o, str) and MARK in o and o is not MARK for o in gc.get_objects()):
                    found.append("memory")
                return found
            print("found", look())
            def add(a, b):
                print("found", look())
                return a + b
        """

        result, _ = sandboxed(solution, tests)

        assert result.verdict == "passed"
        assert [line for line in result.output.splitlines() if line.startswith("found")] == ["found []"] * 4

    def test_killing_the_parent_changes_nothing(self, run_marker):
        solution = """
            import os
            def main():
                os.kill(os.getppid(), 9)
                try:
                    os.kill(-1, 9)
                except OSError as exc:
                    print("kill -1:", type(exc).__name__)
                print("still here")
        """

        result, seconds = sandboxed(solution)

        assert result.verdict == "passed"
        assert result.output == "kill -1: ProcessLookupError\nstill here\n"
        assert seconds < 10
        assert_nothing_left(run_marker)

    def test_interrupting_the_supervisor_changes_nothing(self):
        solution = """
            import os, signal, time
            def main():
                for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1):
                    os.kill(1, number)
                time.sleep(0.2)
                print("still here")
        """

        result, _ = sandboxed(solution)

        assert result.verdict == "passed"
        assert result.output == "still here\n"

    def test_deeply_nested_message_to_the_supervisor_is_a_violation(self):
        solution = """
            import os, time
            def main():
                for fd in range(3, 16):
                    try:
                        os.write(fd, b"[" * 100000 + b"\\n")
                    except OSError:
                        pass
                time.sleep(0.2)
        """

        result, _ = sandboxed(solution)

        assert result.verdict == "crashed"
        assert (
            result.summary
            == "the program interfered with the test runner: an unexpected message (RecursionError)"
        )
        assert "Traceback" not in result.output

    def test_binary_output_is_stored_safely(self):
        solution = "import os\ndef main():\n    os.write(1, b'bad \\xff\\x00 bytes')\n    print('\\x00')\n"

        result, _ = sandboxed(solution)

        stored = json.dumps(result.to_dict(), ensure_ascii=False)
        assert "\x00" not in stored
        assert result.output.startswith("bad \ufffd\ufffd bytes")
        stored.encode("utf-8")

    def test_learner_exiting_early_is_reported(self):
        tests = (
            "from solution import leave\n\ndef test_leave():\n    leave()\n\ndef test_after():\n    pass\n"
        )

        result, _ = sandboxed("import os\ndef leave():\n    os._exit(0)\n", tests)

        assert result.verdict == "crashed"
        assert "before the tests finished" in result.summary


def test_results_without_the_supervisors_last_word_are_not_a_pass():
    stream = sandbox_run._Stream()
    events = [
        {"type": "ready"},
        {"type": "tests", "tests": [{"id": "test_main", "name": "Runs main()"}]},
        {"type": "start", "id": "test_main"},
        {"type": "result", "id": "test_main", "status": "pass", "message": "", "output": "", "reason": ""},
        {"type": "done"},
    ]
    stream.results += "".join(json.dumps(event) + "\n" for event in events).encode()

    result = sandbox_run._result(stream, DEFAULT_LIMITS, 10)

    assert result.verdict == "crashed"
    assert result.summary == "the test runner was stopped before it finished"


# --- Where the sandbox cannot run ----------------------------------------------------------


def test_missing_bwrap_raises_and_runs_nothing(settings, tmp_path):
    settings.SANDBOX_BWRAP = str(tmp_path / "no-such-bwrap")
    marker = tmp_path / "ran-unsandboxed"
    solution = f"open({str(marker)!r}, 'w').write('oops')\ndef add(a, b):\n    return a + b\n"

    with pytest.raises(SandboxUnavailable, match="bubblewrap is not installed"):
        run_exercise(solution=solution, tests=ADD_TESTS)

    assert not marker.exists()
    available, reason = sandbox_available()
    assert available is False
    assert "bubblewrap is not installed" in reason


@pytest.fixture
def shared_dir():
    """A folder the sandbox's unprivileged uid can reach (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="dt-sandbox-test-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_bwrap_that_cannot_start_a_sandbox_raises(settings, shared_dir):
    fake = shared_dir / "bwrap"
    fake.write_text("#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n")
    fake.chmod(0o755)
    settings.SANDBOX_BWRAP = str(fake)
    marker = shared_dir / "ran-unsandboxed"

    with pytest.raises(SandboxUnavailable, match="No permissions to create new namespace"):
        run_exercise(solution=f"open({str(marker)!r}, 'w')\n", tests=ADD_TESTS)

    assert not marker.exists()


def test_python_whose_folder_holds_the_project_is_refused(settings, shared_dir):
    python = shared_dir / "bin" / "python3"
    python.parent.mkdir()
    shutil.copy(os.path.realpath(sys.executable), python)
    settings.SANDBOX_PYTHON = str(shared_dir / "bin" / "python3")
    settings.BASE_DIR = shared_dir / "project"

    with pytest.raises(SandboxUnavailable, match="would show the sandbox more than Python"):
        run_exercise(solution="", tests=ADD_TESTS)


@pytest.mark.skipif(os.geteuid() != 0, reason="only a root worker chooses the sandbox uid")
def test_root_worker_never_runs_code_as_root(settings):
    settings.SANDBOX_UID = 0

    with pytest.raises(SandboxUnavailable, match="never runs code as root"):
        run_exercise(solution="", tests=ADD_TESTS)


def test_worker_out_of_descriptors_is_unavailable_not_an_error(real_sandbox, monkeypatch):
    def no_more(*_args):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(sandbox_run.os, "memfd_create", no_more)

    with pytest.raises(SandboxUnavailable, match="Too many open files"):
        run_exercise(solution="", tests=ADD_TESTS)


@pytest.mark.skipif(os.geteuid() != 0, reason="a lock file of another user needs root to make")
def test_lock_file_planted_by_another_user_is_refused(settings, shared_dir):
    planted = shared_dir / "sandbox.lock"
    planted.write_text("")
    os.chown(planted, 65534, 65534)
    settings.SANDBOX_LOCK_FILE = str(planted)

    with pytest.raises(SandboxUnavailable, match="is not a file of this user"):
        run_exercise(solution="", tests=ADD_TESTS)


def test_probe_does_not_wait_for_a_run_in_progress(real_sandbox, settings, monkeypatch, shared_dir):
    lock_path = shared_dir / "sandbox.lock"
    settings.SANDBOX_LOCK_FILE = str(lock_path)
    monkeypatch.setattr(sandbox_run, "_started", set())
    monkeypatch.setattr(sandbox_run, "_failed", {})
    holder = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        started = time.monotonic()
        available = sandbox_available()
        waited = time.monotonic() - started
    finally:
        os.close(holder)

    assert available == (True, "")
    assert waited < 5
