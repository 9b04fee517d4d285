"""The event stream: one long GET per open page, served by the ASGI server's event loop."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import time
from collections.abc import AsyncIterator
from importlib import import_module
from types import SimpleNamespace

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import auth
from django.core.handlers.asgi import ASGIRequest
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from apps.core.live.asgi import SERVED_BY_ASGI
from apps.core.live.broker import EVENT_ID_RE, id_order, live_enabled, replay
from apps.core.live.channels import allowed_channels, user_channel
from apps.core.live.hub import OVERFLOW, hub

logger = logging.getLogger(__name__)

# The event the browser closes its EventSource on (`data-sse-close="close"`), so it does
# not reconnect: sent on logout and when the session is gone.
CLOSE_EVENT = "close"


def session_channel(session_key: str) -> str:
    return "session:" + hashlib.sha256(session_key.encode()).hexdigest()[:32]


def stream_url(request: HttpRequest) -> str:
    """Pages connect only where a stream can be held cheaply: live updates on, the page
    served over ASGI, a member signed in; everywhere else they poll as before ("").
    `since` replays what happened between this render and the connection."""
    served_by_asgi = isinstance(request, ASGIRequest) or request.META.get(SERVED_BY_ASGI)
    if not (live_enabled() and served_by_asgi and request.user.is_authenticated):
        return ""
    return f"{reverse('live:stream')}?since={time.time_ns() // 1_000_000}-0&c="


@require_GET
async def stream(request: HttpRequest) -> HttpResponse:
    # 204 tells EventSource to stop trying (no console error, no reconnect loop).
    if not live_enabled() or not isinstance(request, ASGIRequest):
        return HttpResponse(status=204)
    requested = [c for value in request.GET.getlist("c") for c in value.split(",") if c]
    opened = await sync_to_async(_open)(request, requested)
    if opened is None:
        return HttpResponse(status=204)
    user_id, session_key, channels = opened
    last_event_id = request.headers.get("Last-Event-ID") or request.GET.get("since", "")
    response = StreamingHttpResponse(
        _events(user_id=user_id, session_key=session_key, channels=channels, last_event_id=last_event_id),
        content_type="text/event-stream",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Accel-Buffering"] = "no"  # nginx: pass each event on at once
    return response


def _open(request: HttpRequest, requested: list[str]) -> tuple[int, str, list[str]] | None:
    """(member id, session key, channels) for a signed-in member; None otherwise. Runs in a
    thread: loading the session and the member is synchronous Django."""
    user = request.user
    session_key = request.session.session_key
    if not user.is_authenticated or not user.is_active or not session_key:
        return None
    own = [user_channel(user.pk), session_channel(session_key)]
    return user.pk, session_key, own + allowed_channels(user, requested)


def _still_signed_in(session_key: str, user_id: int) -> bool:
    """The session still exists and still names this member (logout, "end other sessions",
    idle expiry and a password change all end it)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    user = auth.get_user(SimpleNamespace(session=store))
    return bool(user.is_authenticated and user.pk == user_id and user.is_active)


def frame(event_id: str, event: str, data: str) -> str:
    # An event with empty data is not dispatched by browsers: send its name instead.
    return f"id: {event_id}\nevent: {event}\ndata: {data or event}\n\n"


async def _events(
    *, user_id: int, session_key: str, channels: list[str], last_event_id: str
) -> AsyncIterator[str]:
    the_hub = hub()
    subscription = the_hub.subscribe(frozenset(channels))
    loop = asyncio.get_running_loop()
    deadline = loop.time() + settings.LIVE_STREAM_MAX_SECONDS
    last = last_event_id if EVENT_ID_RE.match(last_event_id or "") else ""
    try:
        yield f"retry: {settings.LIVE_RETRY_MS}\n: open\n\n"
        try:
            await asyncio.wait_for(the_hub.ready.wait(), timeout=2)
            # Every event means "this part changed, fetch it again": after a gap, the latest
            # of each kind is enough (a page away for an hour does not re-fetch 100 times).
            missed = await replay(the_hub.redis, channels, last)
            latest = {event: (event_id, event, data) for event_id, event, data in missed}
            for event_id, event, data in sorted(latest.values(), key=lambda item: id_order(item[0])):
                yield frame(event_id, event, data)
            if missed:
                last = missed[-1][0]
            if last:
                yield f"id: {last}\n\n"  # the browser resumes from here, not the page's `since`
        except Exception:  # no replay without Redis; live events resume with it
            logger.info("live: replay skipped", exc_info=True)
        while loop.time() < deadline:
            try:
                item = await asyncio.wait_for(
                    subscription.queue.get(), timeout=settings.LIVE_HEARTBEAT_SECONDS
                )
            except TimeoutError:
                if not await sync_to_async(_still_signed_in)(session_key, user_id):
                    yield f"event: {CLOSE_EVENT}\ndata: signed out\n\n"
                    return
                yield ": heartbeat\n\n"
                continue
            if item is OVERFLOW:
                return  # the browser reconnects and replays from its last id
            event_id, event, data = item
            if last and id_order(event_id) <= id_order(last):
                continue  # already sent by the replay
            if event == CLOSE_EVENT:
                yield f"event: {CLOSE_EVENT}\ndata: signed out\n\n"
                return
            yield frame(event_id, event, data)
            last = event_id
    finally:
        the_hub.unsubscribe(subscription)
