"""Read-only maintenance mode: with MAINTENANCE_MODE on, every request that would write (POST,
PUT, PATCH, DELETE) is answered 503 with Retry-After and a "back soon" page, while pages go
on being read. Turned on for a database move, a restore or a long migration (README,
"Runbook").

Signing in is a POST too (and writes a session and a login time), so nobody signs in while
it is on, staff included; sessions already open keep reading. Staff work that cannot wait
is done with `manage.py` on a server. The setting is read on each request.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from apps.core.htmx import is_partial_request

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
MESSAGE = "DiceyTech is in read-only maintenance for a few minutes. Nothing was saved; please try again soon."


def maintenance_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse({"error": {"code": "maintenance", "message": MESSAGE}}, status=503)
    elif is_partial_request(request):
        # An HTMX form keeps what was typed; the message arrives as a toast.
        response = render(request, "core/maintenance.html#toast", {"message": MESSAGE}, status=503)
        response["HX-Retarget"] = "#toasts"
        response["HX-Reswap"] = "beforeend"
    else:
        response = render(request, "core/maintenance.html", {"message": MESSAGE}, status=503)
    response["Retry-After"] = str(settings.MAINTENANCE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class MaintenanceModeMiddleware:
    """Late in MIDDLEWARE (after sessions, auth, CSP and htmx, so the page renders like any
    other) and before any view or CSRF check runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.MAINTENANCE_MODE and request.method not in SAFE_METHODS:
            return maintenance_response(request)
        return self.get_response(request)
