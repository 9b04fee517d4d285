"""HTMX helpers: one URL serves the full page and, for HTMX requests, one partial of it; a
POST that succeeded redirects the same way with or without htmx."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def is_partial_request(request: HtmxHttpRequest) -> bool:
    """A targeted HTMX request (not a boosted navigation, which wants the whole page)."""
    return bool(request.htmx) and not request.htmx.boosted and not request.htmx.history_restore_request


def render_page(
    request: HtmxHttpRequest,
    template_name: str,
    context: dict[str, Any] | None = None,
    *,
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render `template_name`, or only its `{% partialdef partial %}` for an HTMX request.

    The response varies on HX-Request (HtmxVaryMiddleware), so caches keep both apart.
    """
    if partial and is_partial_request(request):
        template_name = f"{template_name}#{partial}"
    return render(request, template_name, context or {}, status=status)


def redirect_after_post(request: HttpRequest, to: Any, *args: Any, **kwargs: Any) -> HttpResponse:
    """After a successful POST: a plain redirect, or for HTMX a client-side one (`HX-Redirect`).

    htmx follows a 302 itself and swaps the page it lands on into the form's place; the
    header makes the browser load it as a page instead. `to` is anything `redirect()` takes:
    a URL, a URL name with its arguments, or a model with `get_absolute_url()`.
    """
    url = resolve_url(to, *args, **kwargs)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
