"""What a sandbox run is given (Limits) and what it gives back (SandboxResult, TestOutcome)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

KIB = 1024
MIB = 1024 * KIB

VERDICTS = ("passed", "failed", "error", "timeout", "memory", "output_limit", "crashed")
TEXT_CHARS = 500


class SandboxUnavailable(RuntimeError):
    """The sandbox cannot run on this machine (no bubblewrap, no user namespaces, no seccomp…).
    The message says why. Learner code is never run another way."""


@dataclass(frozen=True)
class Limits:
    """What one run may use. The defaults are the issue's numbers."""

    cpu_seconds: int = 5
    wall_seconds: int = 10
    memory_bytes: int = 256 * MIB  # RLIMIT_AS, per process
    processes: int = 32  # RLIMIT_NPROC, for the sandbox's uid
    file_bytes: int = 1 * MIB  # RLIMIT_FSIZE, per file
    open_files: int = 64  # RLIMIT_NOFILE
    output_bytes: int = 64 * KIB  # stdout and stderr together; past this the run is stopped
    tmp_bytes: int = 8 * MIB  # the private /tmp (a tmpfs)

    def for_runner(self) -> dict:
        """The numbers the runner names in its messages."""
        return {
            "cpu_seconds": self.cpu_seconds,
            "memory_mb": self.memory_bytes // MIB,
            "file_kb": self.file_bytes // KIB,
            "processes": self.processes,
        }


DEFAULT_LIMITS = Limits()


def clean_text(text) -> str:
    """Text safe to store anywhere (PostgreSQL's JSON included): no NUL, no lone surrogates."""
    text = str(text)
    if "\x00" in text:
        text = text.replace("\x00", "\ufffd")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
    return text


def _cut(text, limit: int = TEXT_CHARS) -> str:
    text = clean_text(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class TestOutcome:
    """One test, Exercism's way: its readable name, "pass"/"fail"/"error", what went wrong,
    what it printed. `id` is the test function's name (for hints per test)."""

    __test__ = False  # not a pytest test class

    name: str
    status: str
    message: str = ""
    output: str = ""
    id: str = ""

    @classmethod
    def from_dict(cls, data: dict) -> TestOutcome:
        return cls(
            name=_cut(data.get("name", ""), 200),
            status=data.get("status", "error")
            if data.get("status") in ("pass", "fail", "error")
            else "error",
            message=_cut(data.get("message", "")),
            output=_cut(data.get("output", "")),
            id=clean_text(data.get("id", ""))[:200],
        )


@dataclass(frozen=True)
class SandboxResult:
    verdict: str
    summary: str
    tests: list[TestOutcome] = field(default_factory=list)
    duration_ms: int = 0
    output: str = ""

    @property
    def passed(self) -> bool:
        return self.verdict == "passed"

    @property
    def first_failure(self) -> TestOutcome | None:
        """The first test that did not pass: the one a learner reads first."""
        return next((test for test in self.tests if test.status != "pass"), None)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> SandboxResult:
        verdict = data.get("verdict")
        return cls(
            verdict=verdict if verdict in VERDICTS else "crashed",
            summary=_cut(data.get("summary", ""), 300),
            tests=[TestOutcome.from_dict(test) for test in data.get("tests") or []],
            duration_ms=int(data.get("duration_ms") or 0),
            output=clean_text(data.get("output", "")),
        )
