"""Whole-response cache for the busiest pages.

Rendering a list page costs 5 to 25 ms of template work even when its queries are cheap, so
the pages everybody reads (and each member's feed) are rendered once and served from the
cache for PAGE_CACHE_SECONDS:

- A page is recorded with placeholders where the per-request secrets go (the CSP nonce and
  the CSRF token, see `placeholders`); each response gets fresh ones substituted, so no two
  visitors share a nonce or a token. A recording that reached a real secret some other way
  (a direct `get_token` call, the nonce object itself) is not stored.
- An entry names the versions of what it was built from: apps ("jobs") or single models
  ("accounts.user"). A save, delete or m2m change there bumps the version, at once and again
  after commit (so a reader that re-caches the old content before the commit is invalidated
  too); writes that bypass signals (`QuerySet.update`) call `bump` themselves or show within
  PAGE_CACHE_SECONDS. A login's `last_login` stamp changes no page and bumps nothing.
- Only GET and HEAD requests with no pending messages are served from the cache, and only a
  plain 200 HTML response that set no cookie and did not touch the session is stored.
- Pages are cached for visitors who are not signed in; pages marked `members=True` (the
  feed) also for each member, under the member id their session names. A hit is served on
  the strength of the session alone, without loading the member: that is safe because such
  pages depend on "accounts.user", so any change to a member row (deactivation, a new
  password) renews them, and a session that is logged out no longer names the member.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.urls import get_resolver
from django_otp import DEVICE_ID_SESSION_KEY

# Only [a-z0-9-]: HTML and JSON escaping leave them as they are.
NONCE_PLACEHOLDER = "pagecache-csp-nonce-5b1e0c"
CSRF_PLACEHOLDER = "pagecache-csrf-token-5b1e0c"
RECORDING_ATTR = "_pagecache_recording"
# The HTMX headers that choose between the full page and one of its partials.
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request", "HX-Target")

# Saves that touch only these fields change no page.
UNSEEN_FIELDS = frozenset({"last_login"})

_tracked: set[str] = set()
_pages_declared = False


def _version_key(label: str) -> str:
    return f"pagecache:version:{label}"


def bump(label: str) -> None:
    """Invalidate every cached page built from `label` (an app or "app.model"): now, and
    after commit."""
    key = _version_key(label)
    cache.set(key, time.time_ns(), None)
    transaction.on_commit(lambda: cache.set(key, time.time_ns(), None), robust=True)


def _declare_pages() -> None:
    """Pages declare what they are built from where their views are decorated. A process
    that never loaded the URLconf (the queue worker, a management command) would know no
    labels and its writes would renew nothing, so load it before the first bump."""
    global _pages_declared
    if not _pages_declared:
        get_resolver().url_patterns  # noqa: B018 (importing the views is the point)
        _pages_declared = True


def _on_change(sender, **kwargs) -> None:
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= UNSEEN_FIELDS:
        return
    _declare_pages()
    for label in (sender._meta.app_label, sender._meta.label_lower):
        if label in _tracked:
            bump(label)


post_save.connect(_on_change, dispatch_uid="pagecache-save")
post_delete.connect(_on_change, dispatch_uid="pagecache-delete")
m2m_changed.connect(_on_change, dispatch_uid="pagecache-m2m")


def placeholders(request: HttpRequest) -> dict[str, str]:
    """Context processor: while a page is recorded, its secrets render as placeholders."""
    if getattr(request, RECORDING_ATTR, False):
        return {"csp_nonce": NONCE_PLACEHOLDER, "csrf_token": CSRF_PLACEHOLDER}
    return {}


def _declare(labels: tuple[str, ...]) -> list[str]:
    """Track `labels` (so writes there bump them) and return their version keys."""
    labels = tuple(label.lower() for label in labels)
    _tracked.update(labels)
    return [_version_key(label) for label in labels]


def _recorded(key: str, version_keys: list[str]) -> tuple[tuple, object | None]:
    """The versions the labels stand at now, and what `key` holds if it was recorded at those
    versions (None otherwise). Versions are read before anything is built, so a change made
    while building fails the next reader's check."""
    found = cache.get_many([key, *version_keys])
    versions = tuple(found.get(version_key, 0) for version_key in version_keys)
    entry = found.get(key)
    return versions, entry[1] if entry is not None and entry[0] == versions else None


def cache_value(*labels: str, key: str, seconds: int) -> Callable:
    """Share what the decorated function (no arguments) returns through the cache for
    `seconds`, renewed as soon as `labels` change, like a page: for a part that several
    pages, or pages for members, are built from."""

    def decorator(build: Callable[[], object]) -> Callable[[], object]:
        @wraps(build)
        def wrapper():
            return cached(*labels, key=key, seconds=seconds, build=build)

        return wrapper

    return decorator


def cached(*labels: str, key: str, seconds: int, build: Callable[[], object]) -> object:
    """What `build()` returns, shared through the cache under `key` for `seconds` and renewed
    as soon as `labels` change: `cache_value` for a key known only when called (a query's
    arguments in it)."""
    versions, value = _recorded(key, _declare(labels))
    if value is None:
        value = build()
        cache.set(key, (versions, value), seconds)
    return value


def cache_page(*labels: str, members: bool = False) -> Callable:
    """Serve the decorated GET view from the cache while `labels` (apps, or models as
    "app.model") do not change."""
    version_keys = _declare(labels)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            seconds = settings.PAGE_CACHE_SECONDS
            member_id = _session_member_id(request)
            if not seconds or not _servable(request, member_id, members=members):
                return view(request, *args, **kwargs)
            page_key = _page_key(request, member_id)
            versions, recorded = _recorded(page_key, version_keys)
            if recorded is not None:
                status, headers, body = recorded
                return _personalised(request, HttpResponse(body, status=status, headers=headers))

            setattr(request, RECORDING_ATTR, True)
            try:
                response = view(request, *args, **kwargs)
            finally:
                setattr(request, RECORDING_ATTR, False)
            if _storable(request, response, member_id):
                headers = dict(response.headers.items())
                cache.set(page_key, (versions, (response.status_code, headers, response.content)), seconds)
            return _personalised(request, response)

        return wrapper

    return decorator


def _session_member_id(request: HttpRequest) -> str | None:
    """The member the session is signed in as, read without loading the member."""
    session = getattr(request, "session", None)
    member_id = session.get(SESSION_KEY) if session is not None else None
    return str(member_id) if member_id is not None else None


def _servable(request: HttpRequest, member_id: str | None, *, members: bool) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if member_id is not None and not members:
        return False
    # len() reads the pending messages without marking them shown.
    return not len(messages.get_messages(request))


def _page_key(request: HttpRequest, member_id: str | None) -> str:
    # A session that passed the second factor sees staff links that one which has not must
    # not: the device that verified it is part of who is asking.
    device = request.session.get(DEVICE_ID_SESSION_KEY, "") if member_id else ""
    who = f"{member_id}:{device}" if member_id else "-"
    htmx = "|".join(request.headers.get(name, "") for name in HTMX_HEADERS)
    # The host too: pages carry absolute links built from it.
    url = request.build_absolute_uri()
    digest = hashlib.sha256(f"{who}\n{htmx}\n{url}".encode()).hexdigest()
    return f"pagecache:page:{digest}"


def _storable(request: HttpRequest, response: HttpResponse, member_id: str | None) -> bool:
    # The render must have been for the member the key names (a session whose member is
    # gone or whose password changed renders for a visitor).
    rendered_for = str(request.user.pk) if request.user.is_authenticated else None
    return (
        rendered_for == member_id
        and response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not (hasattr(request, "session") and request.session.modified)
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(request, "_csp_nonce", None)
    )


def _personalised(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Put this request's own nonce and CSRF token where the placeholders are."""
    if response.streaming:
        return response
    body = response.content
    if NONCE_PLACEHOLDER.encode() in body:
        body = body.replace(NONCE_PLACEHOLDER.encode(), str(request._csp_nonce).encode())
    if CSRF_PLACEHOLDER.encode() in body:
        body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    response.content = body
    return response
