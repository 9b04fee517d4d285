from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_vary_headers


class HtmxVaryMiddleware:
    """Mark every response as varying on HX-Request, and deliver pending messages to HTMX.

    The same URL answers a full page or a partial depending on the HX-Request header, so any
    cache in between must keep the two apart. Messages added while answering an HTMX request
    would otherwise wait for the next full page: they are appended as an out-of-band toast.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        if self._wants_oob_messages(request, response):
            pending = list(messages.get_messages(request))
            if pending:
                html = render_to_string(
                    "components/_toasts.html", {"messages": pending, "oob": True}, request
                )
                response.content += html.encode()
        return response

    @staticmethod
    def _wants_oob_messages(request: HttpRequest, response: HttpResponse) -> bool:
        htmx = getattr(request, "htmx", None)
        return (
            bool(htmx)
            and not htmx.boosted
            and not response.streaming
            and response.status_code < 300
            and response.get("Content-Type", "").startswith("text/html")
            and "HX-Redirect" not in response
            and "HX-Location" not in response
        )
