"""The test runner the exercise page runs in the browser (Pyodide, in a Web Worker): the
sandbox package's own runner, so Run and Submit judge code the same way. The worker
(static/learning/exercise-worker.js) loads this source and calls
`run_in_browser(solution, tests)`, which returns the result as JSON."""

from __future__ import annotations

from apps.learning.sandbox import runner_source


def browser_runner_source() -> str:
    return runner_source()
