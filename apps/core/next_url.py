"""Where to go after an action: the `next` a form or link asked for, when it is safe.

`redirect()` treats a value without "/" or "." as a URL name, so `next=-1` would raise
NoReverseMatch; `url_has_allowed_host_and_scheme` alone also accepts bare words ("-1") and
paths relative to the current one. Only a path on this site, starting with one "/", passes.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

# Longer than any page of ours with its query string; a longer `next` is not one of ours.
MAX_NEXT_LENGTH = 2000


def is_safe_next_url(url: str, request: HttpRequest) -> bool:
    """True for a path on this site ("/jobs/?page=2"), false for everything else: other
    hosts ("//evil.com", "/\\evil.com", "https://evil.com"), schemes ("javascript:"),
    bare words ("-1"), relative paths and control characters (NUL, newlines, tabs)."""
    if not url or len(url) > MAX_NEXT_LENGTH or not url.startswith("/"):
        return False
    if url.startswith(("//", "/\\")) or any(ord(char) < 32 or ord(char) == 127 for char in url):
        return False
    return url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next_url(request: HttpRequest, default: str) -> str:
    """The `next` of the POST body or the query string if it is a safe local path, else
    `default` (a path or URL the caller built, never a URL name)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if is_safe_next_url(candidate, request) else default
