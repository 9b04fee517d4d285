"""The exercise test runner: pure Python, the same file on the server and in the browser.

An exercise's tests are a module of `def test_<name>():` functions using plain `assert`; the
learner's code is importable as the module `solution`. Tests run in file order; a test's
docstring's first line is its readable name; each test's printed output is kept (cut to 500
characters); a failing `assert a == b` says what was expected and what came instead.

This file imports only the standard library and runs unchanged in two places (which is why it
stays one module, past the usual size: the browser loads exactly this source):

- In the server's sandbox (`python runner.py --payload FILE --result-fd N`, see
  `main_sandbox`): a supervisor process holds the result descriptor and forks the process that
  runs the learner's code. That process never holds the result descriptor: it reports each test
  to the supervisor over a pipe; the supervisor checks the reports against the test names it
  read itself, and writes them to the result descriptor as JSON lines. Printed output goes to
  stdout, which the server reads separately, so printing can never be taken for a result.
- In the browser under Pyodide (see `run_in_browser`): load this source, then call
  `run_in_browser(solution, tests)`; it returns the result as a JSON string, the same shape as
  `SandboxResult.to_dict()` on the server (without `duration_ms`). Stop is the Web Worker's
  `terminate()`; there is no fork and no time limit inside.

Results are built from a list of events by `summarise`, shared by both places:
  {"type": "ready"}                          the supervisor started (server only)
  {"type": "tests", "tests": [{"id", "name"}]}   the tests found, in order
  {"type": "load_error", "message", "kind"}  the solution (or the tests) could not be loaded
  {"type": "start", "id"}                    a test began
  {"type": "result", "id", "status", "message", "output", "reason"}
  {"type": "done"}                           every test ran
  {"type": "end", "exit", "signal", "cpu", "violation"}   the supervisor's last word (server only)
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import linecache
import sys
import types

MESSAGE_CHARS = 500
REPR_CHARS = 200
OUTPUT_CHARS = 64 * 1024  # the browser's whole-run output; the server cuts its stream itself
SOLUTION_FILE = "solution.py"
TESTS_FILE = "test_solution.py"
VERDICTS = ("passed", "failed", "error", "timeout", "memory", "output_limit", "crashed")
STATUSES = ("pass", "fail", "error")
REASONS = ("timeout", "memory", "not_run", "")


class CpuTimeout(BaseException):
    """Raised in the test process when its CPU time runs out (SIGXCPU). A BaseException so
    that a learner's `except Exception:` does not swallow it."""


def cut(text, limit=MESSAGE_CHARS):
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe_repr(value):
    try:
        text = repr(value)
    except Exception as exc:  # noqa: BLE001 - a learner's __repr__ may raise anything
        text = f"<{type(value).__name__} whose repr() raised {type(exc).__name__}>"
    return cut(text, REPR_CHARS)


# --- Reading the tests ---------------------------------------------------------------------


def test_list(tests_source):
    """[(function name, readable name)] of the module's top-level test functions, in file order."""
    tree = ast.parse(tests_source, filename=TESTS_FILE)
    found = []
    seen = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("test") and node.name not in seen:
            seen.add(node.name)
            doc = (ast.get_docstring(node) or "").strip().splitlines()
            found.append((node.name, cut(doc[0].strip(), 200) if doc else node.name))
    return found


# --- Assert rewriting ----------------------------------------------------------------------

_OPS = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}
_LITERALS = (ast.Constant, ast.List, ast.Tuple, ast.Set, ast.Dict, ast.UnaryOp)


def _is_literal(node):
    return all(isinstance(child, (*_LITERALS, ast.expr_context, ast.unaryop)) for child in ast.walk(node))


def explain_compare(op, left, right, text, left_src, right_src, left_is_expected, message):
    """The message of a failed `assert left <op> right`."""
    lines = [cut(message, 200)] if message is not None else []
    lines.append(f"assert {cut(text, 150)}")
    if op == "==":
        expected, got = (left, right) if left_is_expected else (right, left)
        lines.append(f"Expected: {safe_repr(expected)}")
        lines.append(f"Got:      {safe_repr(got)}")
    elif op == "!=":
        lines.append(f"Expected anything but {safe_repr(right)}, and got exactly that")
    elif op in ("in", "not in"):
        for source, value in ((left_src, left), (right_src, right)):
            if not _looks_literal(source):
                lines.append(f"{cut(source, 80)} was {safe_repr(value)}")
    else:
        lines.append(f"Left:  {safe_repr(left)}")
        lines.append(f"Right: {safe_repr(right)}")
    return "\n".join(lines)


def explain_plain(value, text, message):
    """The message of a failed `assert expr` that is not a single comparison."""
    lines = [cut(message, 200)] if message is not None else []
    lines.append(f"assert {cut(text, 150)}")
    if not _looks_literal(text):
        lines.append(f"{cut(text, 80)} was {safe_repr(value)}")
    return "\n".join(lines)


def _looks_literal(text):
    try:
        return _is_literal(ast.parse(text, mode="eval").body)
    except SyntaxError:
        return False


class _AssertRewriter(ast.NodeTransformer):
    """`assert a == b, msg` becomes code that keeps both values and, when the comparison is
    false, raises AssertionError with a message saying what was expected and what came
    instead. Each side is evaluated once, as in a plain assert."""

    def __init__(self, source):
        self.source = source
        self.count = 0

    def _name(self, ctx):
        self.count += 1
        return f"@dt_assert{self.count}"

    def _segment(self, node):
        return ast.get_source_segment(self.source, node) or ast.unparse(node)

    def visit_Assert(self, node):
        test = node.test
        message = node.msg if node.msg is not None else ast.Constant(None)
        text = self._segment(test)
        if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _OPS:
            left_name, right_name = self._name("l"), self._name("r")
            right = test.comparators[0]
            left_is_expected = _is_literal(test.left) and not _is_literal(right)
            store = [
                ast.Assign([ast.Name(left_name, ast.Store())], test.left),
                ast.Assign([ast.Name(right_name, ast.Store())], right),
            ]
            condition = ast.Compare(
                ast.Name(left_name, ast.Load()), test.ops, [ast.Name(right_name, ast.Load())]
            )
            explain = ast.Call(
                ast.Name("@dt_explain_compare", ast.Load()),
                [
                    ast.Constant(_OPS[type(test.ops[0])]),
                    ast.Name(left_name, ast.Load()),
                    ast.Name(right_name, ast.Load()),
                    ast.Constant(text),
                    ast.Constant(self._segment(test.left)),
                    ast.Constant(self._segment(right)),
                    ast.Constant(left_is_expected),
                    message,
                ],
                [],
            )
        else:
            value_name = self._name("v")
            store = [ast.Assign([ast.Name(value_name, ast.Store())], test)]
            condition = ast.Name(value_name, ast.Load())
            explain = ast.Call(
                ast.Name("@dt_explain_plain", ast.Load()),
                [ast.Name(value_name, ast.Load()), ast.Constant(text), message],
                [],
            )
        fail = ast.If(
            ast.UnaryOp(ast.Not(), condition),
            [ast.Raise(ast.Call(ast.Name("AssertionError", ast.Load()), [explain], []), None)],
            [],
        )
        new = [*store, fail]
        for statement in new:
            ast.copy_location(statement, node)
            for child in ast.walk(statement):
                ast.copy_location(child, node)
        return new


def compile_tests(tests_source):
    tree = ast.parse(tests_source, filename=TESTS_FILE)
    tree = _AssertRewriter(tests_source).visit(tree)
    ast.fix_missing_locations(tree)
    return compile(tree, TESTS_FILE, "exec")


# --- Loading the modules -------------------------------------------------------------------


class LoadError(Exception):
    def __init__(self, message, kind):
        super().__init__(message)
        self.message = message
        self.kind = kind


def _remember_source(filename, source):
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def _where(tb, filename):
    """(line number, source line) of the last traceback frame in `filename`, or None."""
    found = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            found = tb.tb_lineno
        tb = tb.tb_next
    if found is None:
        return None
    return found, linecache.getline(filename, found).strip()


def describe_error(exc, limits):
    """One readable paragraph for an exception raised by the learner's code or a test."""
    if isinstance(exc, MemoryError):
        return f"Ran out of memory (the limit is {limits.get('memory_mb', 256)} MiB)"
    if isinstance(exc, RecursionError):
        head = "RecursionError: the function called itself too many times (no base case?)"
    elif isinstance(exc, OSError) and exc.errno == 27:  # EFBIG
        head = f"OSError: file too large (files are limited to {limits.get('file_kb', 1024)} KiB)"
    elif isinstance(exc, OSError) and exc.errno == 11:  # EAGAIN from fork
        head = f"{type(exc).__name__}: {exc} (at most {limits.get('processes', 32)} processes)"
    elif isinstance(exc, SystemExit):
        head = "The code called exit()"
    else:
        detail = cut(str(exc), 300)
        head = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    where = _where(exc.__traceback__, SOLUTION_FILE)
    if where:
        line, text = where
        head += f"\n  on line {line} of your code: {cut(text, 120)}"
    return head


def load_solution(solution_source, limits):
    """Import the learner's code as the module `solution`; LoadError says what went wrong."""
    _remember_source(SOLUTION_FILE, solution_source)
    try:
        code = compile(solution_source, SOLUTION_FILE, "exec")
    except SyntaxError as exc:
        line = exc.lineno or 0
        text = (exc.text or "").strip()
        message = f"{type(exc).__name__} on line {line}: {exc.msg}"
        if text:
            message += f"\n  {cut(text, 120)}"
        raise LoadError(message, "syntax") from None
    except (ValueError, MemoryError, RecursionError) as exc:
        raise LoadError(f"Your code could not be read: {type(exc).__name__}", "syntax") from None
    module = types.ModuleType("solution")
    module.__file__ = SOLUTION_FILE
    sys.modules["solution"] = module
    try:
        exec(code, module.__dict__)  # noqa: S102 - running the learner's code is the point, in the sandbox
    except CpuTimeout:
        raise
    except BaseException as exc:  # noqa: BLE001 - anything the learner's top level raises, SystemExit included
        kind = "memory" if isinstance(exc, MemoryError) else "import"
        where = _where(exc.__traceback__, SOLUTION_FILE)
        if where and not isinstance(exc, MemoryError):
            detail = cut(str(exc), 300)
            message = f"{type(exc).__name__} on line {where[0]}: {detail}".rstrip(": ")
            message += f"\n  {cut(where[1], 120)}"
        else:
            message = describe_error(exc, limits)
        raise LoadError(message, kind) from None
    return module


def load_tests(tests_source):
    _remember_source(TESTS_FILE, tests_source)
    module = types.ModuleType("test_solution")
    module.__file__ = TESTS_FILE
    module.__dict__["@dt_explain_compare"] = explain_compare
    module.__dict__["@dt_explain_plain"] = explain_plain
    exec(compile_tests(tests_source), module.__dict__)  # noqa: S102 - the exercise's own tests
    return module


# --- Running the tests ---------------------------------------------------------------------


class Capture(io.TextIOBase):
    """A stand-in for sys.stdout/sys.stderr during a test: keeps the first characters for the
    test's result and passes everything on to the real stream (which the server reads and cuts
    as a whole)."""

    def __init__(self, forward, limit=MESSAGE_CHARS):
        super().__init__()
        self.forward = forward
        self.limit = limit
        self.parts = []
        self.size = 0
        self.truncated = False

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self.forward is not None:
            self.forward.write(text)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(len(text), room)
        if len(text) > max(room, 0):
            self.truncated = True
        return len(text)

    def flush(self):
        if self.forward is not None:
            self.forward.flush()

    def text(self):
        body = "".join(self.parts)
        return body[: self.limit - 1] + "…" if self.truncated else body


def run_tests(solution_source, tests_source, emit, *, limits=None, forward=None, is_child=lambda: True):
    """Load both modules and run every test, calling `emit(event)` for each event (see the
    module docstring). `forward` is where printed output also goes (None: only kept).
    `is_child()` is False in a process the learner's code forked: such a process stops
    quietly instead of reporting."""
    limits = limits or {}
    try:
        tests = test_list(tests_source)
    except SyntaxError as exc:
        emit(
            {
                "type": "load_error",
                "kind": "tests",
                "message": cut(f"The exercise's tests do not compile: {exc}"),
            }
        )
        return
    emit({"type": "tests", "tests": [{"id": test_id, "name": name} for test_id, name in tests]})
    saved = sys.stdout, sys.stderr
    capture = Capture(forward)
    sys.stdout = sys.stderr = capture
    try:
        load_solution(solution_source, limits)
    except LoadError as exc:
        sys.stdout, sys.stderr = saved
        emit({"type": "load_error", "kind": exc.kind, "message": cut(exc.message)})
        return
    except CpuTimeout:
        sys.stdout, sys.stderr = saved
        emit({"type": "load_error", "kind": "timeout", "message": timeout_message(limits)})
        return
    finally:
        sys.stdout, sys.stderr = saved
    if not is_child():
        return
    try:
        module = load_tests(tests_source)
    except BaseException as exc:  # noqa: BLE001 - the tests import the solution: its missing names land here
        if not is_child():
            return
        kind, message = "import", describe_error(exc, limits)
        if isinstance(exc, CpuTimeout):
            kind, message = "timeout", timeout_message(limits)
        elif isinstance(exc, MemoryError):
            kind = "memory"
        elif isinstance(exc, ImportError):
            message = f"The tests could not import from your code: {exc}"
        emit({"type": "load_error", "kind": kind, "message": cut(message)})
        return
    stopped = False
    for test_id, _name in tests:
        if stopped:
            emit(_result(test_id, "error", "Not run: an earlier test ran out of time", "", "not_run"))
            continue
        emit({"type": "start", "id": test_id})
        result = run_one(module, test_id, limits, forward)
        if not is_child():
            return
        emit(result)
        stopped = result["reason"] == "timeout"
    emit({"type": "done"})


def timeout_message(limits):
    return f"Timed out after {limits.get('cpu_seconds', 5)} s"


def _result(test_id, status, message, output, reason=""):
    return {
        "type": "result",
        "id": test_id,
        "status": status,
        "message": cut(message),
        "output": cut(output),
        "reason": reason,
    }


def run_one(module, test_id, limits, forward):
    func = module.__dict__.get(test_id)
    if not callable(func):
        return _result(test_id, "error", f"{test_id} is not a function any more", "")
    saved = sys.stdout, sys.stderr
    capture = Capture(forward)
    sys.stdout = sys.stderr = capture
    status, message, reason = "pass", "", ""
    try:
        func()
    except CpuTimeout:
        status, message, reason = "error", timeout_message(limits), "timeout"
    except AssertionError as exc:
        status = "fail"
        message = str(exc) or "assert failed"
        if not str(exc):
            mine = _where(exc.__traceback__, SOLUTION_FILE)
            theirs = _where(exc.__traceback__, TESTS_FILE)
            if mine:
                message = f"assert failed on line {mine[0]} of your code: {cut(mine[1], 120)}"
            elif theirs:
                message = f"assert failed on line {theirs[0]}: {cut(theirs[1], 120)}"
    except MemoryError as exc:
        status, message, reason = "error", describe_error(exc, limits), "memory"
    except BaseException as exc:  # noqa: BLE001 - whatever the learner's code raises is this test's error
        status, message = "error", describe_error(exc, limits)
    finally:
        sys.stdout, sys.stderr = saved
        with contextlib.suppress(Exception):  # the real stream may be gone; the result still counts
            capture.flush()
    return _result(test_id, status, message, capture.text(), reason)


# --- Results -------------------------------------------------------------------------------


def summarise(events, *, limits=None):
    """{verdict, summary, tests: [{name, status, message, output, id}]} from the events of one
    run, however they ended. A test that started and has no result was running when the run
    stopped."""
    limits = limits or {}
    names = {}
    order = []
    results = {}
    load_error = None
    running = None
    done = False
    end = None
    stopped = None
    for event in events:
        kind = event.get("type")
        if kind == "tests":
            for test in event["tests"]:
                names[test["id"]] = test["name"]
                order.append(test["id"])
        elif kind == "load_error":
            load_error = event
        elif kind == "start":
            running = event["id"]
        elif kind == "result":
            results[event["id"]] = event
            running = None
        elif kind == "done":
            done = True
        elif kind == "end":
            end = event
        elif kind == "stopped":  # the server stopped the run (wall clock, output)
            stopped = event

    if load_error is not None and stopped is None:
        kind = load_error.get("kind")
        verdict = {"timeout": "timeout", "memory": "memory"}.get(kind, "error")
        summary = load_error["message"].splitlines()[0] if verdict == "error" else load_error["message"]
        if verdict == "timeout":
            summary = _lower_first(timeout_message(limits))
        return {"verdict": verdict, "summary": cut(summary, 300), "tests": [], "error": load_error["message"]}

    crash = None
    if stopped is not None:
        crash = (stopped["reason"], stopped["message"])
    elif end is not None and not done:
        crash = _crash_reason(end, limits)
    tests = []
    for test_id in order:
        if test_id in results:
            r = results[test_id]
            tests.append(
                _outcome(test_id, names, r["status"], r["message"], r["output"], r.get("reason", ""))
            )
        elif test_id == running and crash is not None:
            tests.append(_outcome(test_id, names, "error", crash[1], "", crash[0]))
        else:
            tests.append(_outcome(test_id, names, "error", "Not run", "", "not_run"))

    if end is not None and end.get("violation"):  # nothing the test process said can be trusted
        for test in tests:
            test.update(
                status="error", message="Not trusted: the program interfered with the test runner", output=""
            )
    reasons = [t.pop("reason") for t in tests]
    passed = sum(1 for t in tests if t["status"] == "pass")
    if stopped is not None:
        verdict, summary = stopped["reason"], _lower_first(stopped["message"])
    elif not order:
        verdict, summary = "error", "the exercise has no tests"
    elif end is not None and end.get("violation"):
        verdict, summary = "crashed", f"the program interfered with the test runner: {end['violation']}"
    elif "timeout" in reasons or (crash is not None and crash[0] == "timeout"):
        verdict, summary = "timeout", _lower_first(timeout_message(limits))
    elif "memory" in reasons or (crash is not None and crash[0] == "memory"):
        verdict, summary = "memory", f"ran out of memory (the limit is {limits.get('memory_mb', 256)} MiB)"
    elif crash is not None:
        verdict, summary = "crashed", _lower_first(crash[1])
    elif not done and end is not None:
        verdict, summary = "crashed", "the test runner stopped before every test ran"
    elif passed == len(order):
        verdict, summary = "passed", f"{passed} of {len(order)} tests passed"
    else:
        verdict, summary = "failed", f"{passed} of {len(order)} tests passed"
    return {"verdict": verdict, "summary": summary, "tests": tests}


def _lower_first(text):
    return text[:1].lower() + text[1:]


def _outcome(test_id, names, status, message, output, reason):
    return {
        "name": names.get(test_id, test_id),
        "status": status,
        "message": cut(message),
        "output": cut(output),
        "id": test_id,
        "reason": reason,
    }


def _crash_reason(end, limits):
    """(reason, message) for a test process that ended without finishing."""
    cpu = end.get("cpu") or 0
    signal_number = end.get("signal")
    if cpu >= limits.get("cpu_seconds", 5) - 0.05:
        return "timeout", timeout_message(limits)
    if signal_number is not None:
        return "crashed", f"The program was stopped by signal {signal_number}"
    return "crashed", f"The program exited (status {end.get('exit')}) before the tests finished"


# --- In the browser (Pyodide) --------------------------------------------------------------


def run_in_browser(solution_source, tests_source, limits_json="{}"):
    """Run the tests in this interpreter (the browser's Web Worker) and return the result as
    JSON: {verdict, summary, tests, output}."""
    limits = json.loads(limits_json) if isinstance(limits_json, str) else dict(limits_json or {})
    events = []
    output = Capture(None, OUTPUT_CHARS)
    saved_modules = set(sys.modules)
    try:
        run_tests(solution_source, tests_source, events.append, limits=limits, forward=output)
    finally:
        for name in set(sys.modules) - saved_modules:  # a fresh `solution` on the next Run
            sys.modules.pop(name, None)
        sys.modules.pop("solution", None)
    result = summarise(events, limits=limits)
    result["output"] = output.text()
    return json.dumps(result)


# --- In the server's sandbox ---------------------------------------------------------------


def main_sandbox(argv):  # pragma: no cover - runs inside bubblewrap, proven by the sandbox tests
    """Supervisor: read the payload, fork the test process, relay its checked events to the
    result descriptor, then report how it ended."""
    import os
    import select
    import signal

    payload_path = argv[argv.index("--payload") + 1]
    result_fd = int(argv[argv.index("--result-fd") + 1])
    _no_dumping()
    # PID 1 of a PID namespace receives a signal from inside only if it handles it; Python
    # handles SIGINT (KeyboardInterrupt), so `os.kill(1, SIGINT)` would end the supervisor.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    result = os.fdopen(result_fd, "w", buffering=1, encoding="utf-8")

    def send(event):
        result.write(json.dumps(event, ensure_ascii=True) + "\n")
        result.flush()

    send({"type": "ready"})
    os.closerange(3, result_fd)  # the worker's leftovers: only the result descriptor stays
    os.closerange(result_fd + 1, 1 << 16)
    with open(payload_path, encoding="utf-8") as handle:
        payload = json.load(handle)
    limits = payload.get("limits", {})
    try:
        expected = [test_id for test_id, _ in test_list(payload["tests"])]
    except SyntaxError:
        expected = None
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        os.close(result_fd)
        _run_child(payload, limits, write_end)
        os._exit(0)
    os.close(write_end)
    checker = _Checker(expected, send)
    buffered = b""
    child_status = None
    rusage = None
    while True:
        ready, _, _ = select.select([read_end], [], [], 0.05)
        if ready:
            chunk = os.read(read_end, 65536)
            if not chunk:
                break
            buffered += chunk
            while b"\n" in buffered and checker.violation is None:
                line, buffered = buffered.split(b"\n", 1)
                checker.feed(line)
            if len(buffered) > 65536:
                checker.violation = checker.violation or "an over-long message"
            if checker.violation is not None:
                break
        if child_status is None:
            waited, status, usage = os.wait4(pid, os.WNOHANG)
            if waited == pid:
                child_status, rusage = status, usage
                # Drain what the child wrote before it ended; forked leftovers may keep the
                # pipe open, so do not wait for end-of-file.
                while select.select([read_end], [], [], 0)[0]:
                    chunk = os.read(read_end, 65536)
                    if not chunk:
                        break
                    buffered += chunk
                while b"\n" in buffered and checker.violation is None:
                    line, buffered = buffered.split(b"\n", 1)
                    checker.feed(line)
                break
    if child_status is None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _, child_status, rusage = os.wait4(pid, 0)
    exit_code = os.WEXITSTATUS(child_status) if os.WIFEXITED(child_status) else None
    signal_number = os.WTERMSIG(child_status) if os.WIFSIGNALED(child_status) else None
    cpu = round(rusage.ru_utime + rusage.ru_stime, 3) if rusage else 0
    send(
        {
            "type": "end",
            "exit": exit_code,
            "signal": signal_number,
            "cpu": cpu,
            "violation": checker.violation,
        }
    )
    sys.stdout.flush()
    result.close()
    # As PID 1 of the sandbox's PID namespace, leaving ends every process the code left behind.
    os._exit(0)


def _no_dumping():  # pragma: no cover - sandbox only
    """Mark the supervisor non-dumpable, so the test process (same uid) cannot open its file
    descriptors through /proc or attach to it, even where /proc exists."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except Exception:  # noqa: BLE001, S110 - no /proc is mounted and seccomp blocks ptrace anyway
        pass


class _Checker:
    """Checks the test process's reports: known test names, in order, one result each."""

    def __init__(self, expected, send):
        self.expected = expected
        self.send = send
        self.violation = None
        self.position = 0
        self.running = None
        self.stage = "tests"

    def feed(self, line):
        try:
            event = json.loads(line)
            self._check(event)
        except Exception as exc:  # noqa: BLE001 - a RecursionError from deep nesting too: never end the supervisor
            self.violation = cut(f"an unexpected message ({type(exc).__name__})", 120)

    def _check(self, event):
        kind = event["type"]
        if self.stage == "finished":
            raise ValueError("message after the end")
        if kind == "tests" and self.stage == "tests":
            ids = [t["id"] for t in event["tests"]]
            if self.expected is not None and ids != self.expected:
                raise ValueError("tests do not match")
            self.stage = "running"
            self.send(
                {
                    "type": "tests",
                    "tests": [{"id": str(t["id"]), "name": cut(t["name"], 200)} for t in event["tests"]],
                }
            )
        elif kind == "load_error" and self.stage in ("tests", "running") and self.position == 0:
            self.stage = "finished"
            self.send({"type": "load_error", "kind": str(event["kind"]), "message": cut(event["message"])})
        elif kind == "start" and self.stage == "running" and self.running is None:
            if self.position >= len(self.expected or ()) or event["id"] != self.expected[self.position]:
                raise ValueError("start out of order")
            self.running = event["id"]
            self.send({"type": "start", "id": self.running})
        elif kind == "result" and self.stage == "running":
            test_id = event["id"]
            not_run = event.get("reason") == "not_run" and self.running is None
            if test_id != (self.running if not not_run else self.expected[self.position]):
                raise ValueError("result out of order")
            if event["status"] not in STATUSES or event.get("reason", "") not in REASONS:
                raise ValueError("unknown status")
            self.position += 1
            self.running = None
            self.send(
                _result(test_id, event["status"], event["message"], event["output"], event.get("reason", ""))
            )
        elif kind == "done" and self.stage == "running" and self.running is None:
            if self.position != len(self.expected or ()):
                raise ValueError("done before every test")
            self.stage = "finished"
            self.send({"type": "done"})
        else:
            raise ValueError(f"{kind} out of place")


def _run_child(payload, limits, write_end):  # pragma: no cover - sandbox only
    """The test process: never holds the result descriptor; reports to the supervisor."""
    import os
    import signal

    own_pid = os.getpid()
    channel = os.fdopen(write_end, "w", buffering=1, encoding="utf-8")

    def emit(event):
        if os.getpid() != own_pid:  # a process the learner's code forked: say nothing
            os._exit(0)
        channel.write(json.dumps(event, ensure_ascii=True) + "\n")
        channel.flush()

    def on_cpu_limit(signum, frame):
        signal.signal(signal.SIGXCPU, signal.SIG_DFL)
        raise CpuTimeout

    signal.signal(signal.SIGXCPU, on_cpu_limit)
    sys.setrecursionlimit(min(sys.getrecursionlimit(), 2000))
    with contextlib.suppress(CpuTimeout):
        run_tests(
            payload["solution"],
            payload["tests"],
            emit,
            limits=limits,
            forward=sys.__stdout__,
            is_child=lambda: os.getpid() == own_pid,
        )
    if os.getpid() != own_pid:
        os._exit(0)
    with contextlib.suppress(Exception):  # output may be closed by the learner's code
        sys.__stdout__.flush()
    channel.close()


if __name__ == "__main__":  # pragma: no cover
    main_sandbox(sys.argv)
