from __future__ import annotations

import logging

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from huey.contrib.djhuey import HUEY

from apps.core.htmx import HtmxHttpRequest, is_partial_request

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    cache.set("healthz", "ok", 10)
    if cache.get("healthz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _check_queue() -> None:
    HUEY.storage.queue_size()


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON status of the database, cache and task queue: 200 when all answer, else 503."""
    results: dict[str, str] = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("queue", _check_queue)):
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure is a failed check
            logger.warning("healthz: %s failed: %s", name, exc)
            results[name] = "error"
    healthy = all(state == "ok" for state in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def rate_limited(request: HtmxHttpRequest, exception: Exception | None = None) -> HttpResponse:
    """django-ratelimit's RATELIMIT_VIEW: the styled 429 page, or an inline toast for HTMX
    (the form stays as the person left it)."""
    if is_partial_request(request):
        response = render(request, "components/_rate_limited.html", status=429)
        response["HX-Retarget"] = "#toasts"
        response["HX-Reswap"] = "beforeend"
        return response
    return render(request, "429.html", status=429)
