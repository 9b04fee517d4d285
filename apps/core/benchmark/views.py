"""The bare view: a short constant answered through the same middleware and the same gunicorn
as every page, so its throughput is the ceiling no page can pass. Routed only in benchmark
mode (BENCH_MODE)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")
