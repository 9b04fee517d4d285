"""View decorators every app can use."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse

PRIVATE_CACHE_CONTROL = "private, no-store"


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a page that shows one member's private data (their applications, settings,
    notifications, a status page reached by a secret link, an employer's pipeline): no cache
    may keep it, neither a shared one (a proxy or CDN serving it to the next person) nor the
    browser's own (the back button on a shared computer after logging out).

    Put it outermost, so every answer of the view carries it: redirects and partials too.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        # Replaced, not patched: a max-age or "public" set on the way must not survive.
        response["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response

    return wrapper
