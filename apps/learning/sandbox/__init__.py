"""The code sandbox: a learner's Python solution run against an exercise's tests in bubblewrap.

- `results` holds what a run is given and gives back: Limits, DEFAULT_LIMITS, SandboxResult,
  TestOutcome, SandboxUnavailable.
- `run` starts one run (run_exercise), says whether the sandbox works here
  (sandbox_available) and hands out the runner's source (runner_source).
- `runner` is the pure-Python test runner, the same file in the sandbox and in the browser
  (Pyodide): assert rewriting, per-test results, the events both sides summarise.
- `seccomp` builds the system-call filter; `launcher` is the short process that sets the
  limits and the uid before it becomes bwrap.

No Django models here; settings are read on each run (SANDBOX_* in .env.example).
"""

from __future__ import annotations

from apps.learning.sandbox.results import (
    DEFAULT_LIMITS,
    Limits,
    SandboxResult,
    SandboxUnavailable,
    TestOutcome,
)
from apps.learning.sandbox.run import configured_limits, run_exercise, runner_source, sandbox_available

__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "SandboxResult",
    "SandboxUnavailable",
    "TestOutcome",
    "configured_limits",
    "run_exercise",
    "runner_source",
    "sandbox_available",
]
