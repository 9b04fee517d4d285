"""The huey classes the site runs (HUEY["huey_class"]): huey's own, plus what an operator
needs from each task.

- The request id of the request (or task) that enqueues a task travels with it, and is bound
  to every log line the task writes; a task enqueued outside any request gets a new id when
  it runs.
- Each task run writes one log line, logger "diceytech.task": request_id, task name, task id,
  outcome ("ok", "error", "retry"), duration_ms and queries.
"""

from __future__ import annotations

import time

import huey
import structlog
from huey.api import PeriodicTask, Task

from apps.core.observability import QueryCounter, current_request_id, new_request_id, request_id_bound

# The keyword argument that carries the id inside the task's message; removed again before
# the task function is called.
REQUEST_ID_KWARG = "_diceytech_request_id"

task_logger = structlog.get_logger("diceytech.task")


class ObservedHueyMixin:
    def enqueue(self, task):
        if isinstance(task, Task) and not isinstance(task, PeriodicTask):
            request_id = current_request_id()
            if request_id:
                task.kwargs[REQUEST_ID_KWARG] = request_id
        return super().enqueue(task)

    def _run_post_execute(self, task, task_value, exception):
        # huey catches a task's exception itself; this is where it tells what happened.
        if exception is None:
            task._diceytech_outcome = "ok"
        else:
            task._diceytech_outcome = "retry" if task.retries else "error"
        return super()._run_post_execute(task, task_value, exception)

    def _execute(self, task, timestamp):
        request_id = (task.kwargs or {}).pop(REQUEST_ID_KWARG, None) or new_request_id()
        counter = QueryCounter()
        start = time.perf_counter()
        with request_id_bound(request_id), counter.counting():
            try:
                return super()._execute(task, timestamp)
            finally:
                task_logger.info(
                    "task",
                    task=task.name,
                    task_id=task.id,
                    outcome=getattr(task, "_diceytech_outcome", "interrupted"),
                    duration_ms=round((time.perf_counter() - start) * 1000, 1),
                    queries=counter.count,
                )


class RedisHuey(ObservedHueyMixin, huey.RedisHuey):
    pass


class SqliteHuey(ObservedHueyMixin, huey.SqliteHuey):
    pass
