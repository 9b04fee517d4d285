"""What an operator reads about each request and task: one structured log line, a request id,
and the Prometheus request metrics (apps.core.metrics).

- Every request gets an id: the `X-Request-ID` a trusted proxy sent (TRUST_REQUEST_ID_HEADER,
  on by default when TRUSTED_PROXY_COUNT says proxies stand in front), otherwise a new one.
  It is echoed in the response's `X-Request-ID`, bound to every log line written while the
  request runs, carried into the huey tasks the request enqueues (apps.core.queue) and
  stored on the outbox rows it writes (apps.mailer).
- One line per request, logger "diceytech.request": request_id, member_id (never an email
  or a name), method, path (without the query string, which may carry personal data),
  view, status, duration_ms and queries (database queries run while answering).
- Logs go through structlog: JSON lines in production (LOG_FORMAT=json, the default with
  DEBUG off), readable key=value lines in development (LOG_FORMAT=console). Every log line of
  the process, Django's and huey's included, gets the request id bound at the time.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from contextlib import contextmanager

import structlog
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.utils.functional import empty

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like (nginx's $request_id, a UUID, an AWS trace id): anything
# else is replaced, so a header cannot write odd characters into the logs.
_REQUEST_ID_VALID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:=+/-]{0,127}$")

_SHARED_PROCESSORS: list = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]

structlog.configure(
    processors=[
        structlog.stdlib.filter_by_level,
        *_SHARED_PROCESSORS,
        structlog.stdlib.PositionalArgumentsFormatter(),
        structlog.processors.StackInfoRenderer(),
        structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
    ],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)

request_logger = structlog.get_logger("diceytech.request")


def _drop_objects(logger, method_name: str, event_dict: dict) -> dict:
    """Django's request logger passes the request object along (its repr says nothing the
    request line does not, and a line must stay plain data); another formatter may have
    left its rendered `message` and `asctime` on the record."""
    for key in ("request", "message", "asctime"):
        event_dict.pop(key, None)
    return event_dict


def log_formatter(log_format: str = "json") -> logging.Formatter:
    """The LOGGING formatter ("()" factory): JSON lines, or readable lines for development.
    Lines from the standard logging module (Django, huey) get the same fields."""
    if log_format == "console":
        renderer = structlog.dev.ConsoleRenderer(colors=False, sort_keys=False)
    else:
        renderer = structlog.processors.JSONRenderer(sort_keys=False)
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_SHARED_PROCESSORS, structlog.stdlib.ExtraAdder(), _drop_objects],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_for(request: HttpRequest) -> str:
    """The proxy's X-Request-ID when proxies are trusted and it looks like an id; a new id
    otherwise (a client's own header is never taken: it could collide with another's)."""
    if settings.TRUST_REQUEST_ID_HEADER:
        sent = request.headers.get(REQUEST_ID_HEADER, "").strip()
        if _REQUEST_ID_VALID.match(sent):
            return sent
    return new_request_id()


def current_request_id() -> str:
    """The id of the request or task this code runs for ("" outside both)."""
    return structlog.contextvars.get_contextvars().get("request_id", "")


@contextmanager
def request_id_bound(request_id: str):
    """Bind `request_id` to every log line (and to tasks and outbox rows written) inside."""
    with structlog.contextvars.bound_contextvars(request_id=request_id):
        yield


class QueryCounter:
    """Counts the database queries run on this thread's connections while installed."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    @contextmanager
    def counting(self):
        with _all_wrapped(self):
            yield self


@contextmanager
def _all_wrapped(wrapper):
    stack = []
    try:
        for alias in connections:
            manager = connections[alias].execute_wrapper(wrapper)
            manager.__enter__()
            stack.append(manager)
        yield
    finally:
        for manager in reversed(stack):
            manager.__exit__(None, None, None)


def member_id_for(request: HttpRequest) -> int | str | None:
    """The signed-in member's id, read only from what the request already loaded: the member
    if something asked for it, else the session if something opened it (no extra query)."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if user is not None and wrapped is not empty:
        return user.pk if getattr(user, "is_authenticated", False) else None
    session = getattr(request, "session", None)
    if session is not None and hasattr(session, "_session_cache"):
        return session.get(SESSION_KEY)
    return None


def view_name_for(request: HttpRequest) -> str:
    """The URL pattern's name ("jobs:detail"); "static" for a file whitenoise served; else
    "<unresolved>" (a 404 before any view)."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
            return "static"
        return "<unresolved>"
    return match.view_name or getattr(match, "_func_path", "") or "<unnamed>"


class RequestObservabilityMiddleware:
    """First in MIDDLEWARE: times the whole answer, counts its queries, binds its request id,
    writes the request's log line and observes the request metrics."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from apps.core import metrics

        request_id = request_id_for(request)
        request.request_id = request_id
        counter = QueryCounter()
        start = time.perf_counter()
        with request_id_bound(request_id), counter.counting():
            response = self.get_response(request)
            duration = time.perf_counter() - start
            view = view_name_for(request)
            member_id = member_id_for(request)
            request_logger.info(
                "request",
                method=request.method,
                path=request.path,
                status=response.status_code,
                duration_ms=round(duration * 1000, 1),
                queries=counter.count,
                view=view,
                member_id=member_id,
            )
        response[REQUEST_ID_HEADER] = request_id
        metrics.request_observe(
            view=view,
            method=request.method,
            status=response.status_code,
            seconds=duration,
            queries=counter.count,
        )
        return response
