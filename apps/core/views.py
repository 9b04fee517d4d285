from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_ratelimit.core import is_ratelimited
from huey.contrib.djhuey import HUEY
from prometheus_client import CONTENT_TYPE_LATEST

from apps.core import imageproxy
from apps.core.htmx import HtmxHttpRequest, is_partial_request
from apps.core.rates import setting_rate

logger = logging.getLogger(__name__)


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_cache() -> None:
    cache.set("readyz", "ok", 10)
    if cache.get("readyz") != "ok":
        raise RuntimeError("cache did not return what was stored")


def _check_queue() -> None:
    HUEY.storage.queue_size()


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers. Touches no database, cache or queue, so a load balancer
    does not take every web process out when one of those blinks (that is /readyz)."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: JSON status of the database, cache and task queue: 200 when all answer,
    else 503."""
    results: dict[str, str] = {}
    for name, check in (("database", _check_database), ("cache", _check_cache), ("queue", _check_queue)):
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # noqa: BLE001 - any failure is a failed check
            logger.warning("readyz: %s failed: %s", name, exc)
            results[name] = "error"
    healthy = all(state == "ok" for state in results.values())
    return JsonResponse({"status": "ok" if healthy else "error", **results}, status=200 if healthy else 503)


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (apps.core.metrics) for a scraper sending
    `Authorization: Bearer <METRICS_TOKEN>`; 404 while METRICS_TOKEN is unset."""
    token = settings.METRICS_TOKEN
    if not token:
        return _plain("Not found.", 404)
    sent = request.headers.get("Authorization", "")
    if not constant_time_compare(sent, f"Bearer {token}"):
        response = _plain("A metrics token is needed.", 401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    from apps.core.metrics import metrics_text

    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "core/privacy.html")


def _plain(text: str, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")


@require_safe
def image_proxy(request: HttpRequest) -> HttpResponse:
    """An image from member Markdown, fetched by us (see apps.core.imageproxy): only for URLs
    our renderer signed."""
    url, sig = request.GET.get("url", ""), request.GET.get("sig", "")
    if not imageproxy.signature_valid(url, sig):
        return _plain("Not an image link made by this site.", 403)
    try:
        image = imageproxy.image_cached(url=url)
        if image is None:
            # A fetch holds a worker for up to IMAGE_PROXY_TIMEOUT: cached images are free,
            # new fetches are limited per client.
            rate = setting_rate("IMAGE_PROXY_RATE")
            if is_ratelimited(request, group="core:image-proxy", key="ip", rate=rate, increment=True):
                return _plain("Too many new images at once; try again in a minute.", 429)
            image = imageproxy.image_fetch(url=url)
    except imageproxy.ImageUnavailable:
        return _plain("Image unavailable.", 404)
    response = HttpResponse(image.content, content_type=image.content_type)
    response["Cache-Control"] = f"public, max-age={settings.IMAGE_PROXY_CACHE_SECONDS}"
    response["Content-Disposition"] = "inline"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def rate_limited(request: HtmxHttpRequest, exception: Exception | None = None) -> HttpResponse:
    """django-ratelimit's RATELIMIT_VIEW: the styled 429 page, or an inline toast for HTMX
    (the form stays as the person left it)."""
    if is_partial_request(request):
        response = render(request, "components/_rate_limited.html", status=429)
        response["HX-Retarget"] = "#toasts"
        response["HX-Reswap"] = "beforeend"
        return response
    return render(request, "429.html", status=429)
