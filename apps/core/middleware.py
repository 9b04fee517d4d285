from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import BadRequest
from django.db import DataError
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.cache import patch_vary_headers
from django.views.defaults import bad_request

logger = logging.getLogger(__name__)


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


class RejectNulMiddleware:
    """A NUL character never reaches the database: the rule for the whole site.

    PostgreSQL refuses NUL in text, so a NUL that reached a query (a handle in the path, a
    search term, a session cookie) would end in a DataError and a 500.

    - In the path, the query string or any header: 400 Bad Request, before any other
      middleware reads them. No link of ours carries one and no browser sends one there.
    - In a submitted form field: the form answers, next to the field, and keeps everything
      else that was typed. Django's CharField (and every field built on it: email, URL,
      slug, our skill and phone fields) refuses NUL ("Null characters are not allowed."),
      choice fields accept only their choices, and number and date fields only numbers
      and dates. Views that read a POST value without a form check it themselves.
    - Anything that slips through anyway (a DataError while the submitted fields hold a NUL)
      is answered 400 too, not 500.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._url_or_headers_have_nul(request):
            return self._bad_request(request, "in the address or headers")
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DataError) and self._fields_have_nul(request):
            return self._bad_request(request, "in a submitted field")
        return None

    @staticmethod
    def _url_or_headers_have_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path:
            return True
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            return True
        if any(
            "\x00" in value
            for name, value in request.META.items()
            if (name.startswith("HTTP_") or name == "CONTENT_TYPE") and isinstance(value, str)
        ):
            return True
        # A quoted cookie value can spell a NUL as "\000", which only parsing reveals.
        return any("\x00" in name or "\x00" in value for name, value in request.COOKIES.items())

    @staticmethod
    def _fields_have_nul(request: HttpRequest) -> bool:
        try:
            fields = request.POST
        except Exception:  # noqa: BLE001 - an unreadable body holds nothing to look at
            return False
        return any("\x00" in value for _, values in fields.lists() for value in values)

    @staticmethod
    def _bad_request(request: HttpRequest, where: str) -> HttpResponse:
        # One line, no traceback: scanners send these by the thousand.
        logger.warning(
            "400: NUL character %s of %s %s", where, request.method, request.path.replace("\x00", "\\x00")
        )
        return bad_request(request, BadRequest(f"NUL character {where}"))


class BreachSafeGZipMiddleware(GZipMiddleware):
    """Compress text responses (HTML, JSON, feeds) for browsers that accept gzip, except
    those that could leak a secret through their compressed size (BREACH).

    BREACH needs a secret and attacker-chosen text in the same compressed body. The secret
    our pages can hold is the CSRF token, and only pages with a POST form embed it (buttons
    that post through HTMX read the cookie instead): such a response is recognised by the
    CSRF cookie that CsrfViewMiddleware sets on every response whose render asked for the
    token. So the rule is: never compress a response that sets the CSRF cookie, nor the
    answer to anything but GET or HEAD (a POST may echo back what was just typed beside
    whatever it reveals, such as a new API token or recovery codes). Django also pads each
    compressed body with random bytes in the gzip header. Static files are compressed
    ahead of time by whitenoise; images and downloads are not worth compressing again.

    It must come before CsrfViewMiddleware in MIDDLEWARE, so that the CSRF cookie is on the
    response by the time it gets here, and before anything else that writes the body.
    """

    COMPRESSIBLE_TYPES = (
        "text/",
        "application/json",
        "application/javascript",
        "application/xml",
        "application/rss+xml",
        "application/atom+xml",
        "image/svg+xml",
    )

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or settings.CSRF_COOKIE_NAME in response.cookies
            or not response.get("Content-Type", "").startswith(self.COMPRESSIBLE_TYPES)
            # Live event streams go out event by event; gzip would hold them back.
            or response.get("Content-Type", "").startswith("text/event-stream")
        ):
            return response
        return super().process_response(request, response)


# Pygments' wrapper around every highlighted code block (apps.core.markdown).
CODE_BLOCK_MARKER = b'<pre class="highlight"'


class CodeStylesMiddleware:
    """Link the code stylesheet (pygments.css) only on responses that show highlighted code.

    Most pages have no code, and a stylesheet in <head> holds up their first paint. Code
    reaches pages from many places (posts, comments, job and hackathon descriptions,
    profiles, previews, the mentor, HTMX partials), often as HTML rendered when it was
    saved, so it is found where it ends up: in the response. A full page gets the link at
    the end of <head>; a partial gets it just before the first code block, where the
    browser applies it once the partial is swapped in.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        content = response.content
        code_at = content.find(CODE_BLOCK_MARKER)
        if code_at == -1:
            return response
        link = f'<link rel="stylesheet" href="{static("css/pygments.css")}">'.encode()
        if link in content:
            return response
        head_end = content.find(b"</head>", 0, code_at)
        at = head_end if head_end != -1 else code_at
        response.content = content[:at] + link + content[at:]
        if response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        return response
