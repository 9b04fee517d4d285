"""Idle-based session expiry without a session write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# When this session last pushed its expiry forward (a Unix timestamp).
LAST_SEEN_SESSION_KEY = "_last_seen"


class SessionIdleMiddleware:
    """Keep a signed-in session alive while it is used, and let it die once idle.

    Django sets a session's expiry only when the session is saved, and saving on every
    request (SESSION_SAVE_EVERY_REQUEST) would write the session store on every page. Here
    the session is touched at most once per SESSION_REFRESH_INTERVAL: that marks it
    modified, so SessionMiddleware saves it with a fresh expiry (SESSION_COOKIE_AGE for
    members, STAFF_SESSION_IDLE_TIMEOUT for staff) and re-sends the cookie. A session that
    sees no request for the idle timeout expires, give or take one refresh interval.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._refresh(request, is_staff=user.is_staff)
        return self.get_response(request)

    @staticmethod
    def _refresh(request: HttpRequest, *, is_staff: bool) -> None:
        session = request.session
        now = int(time.time())
        last_seen = session.get(LAST_SEEN_SESSION_KEY, 0)
        if now - last_seen < settings.SESSION_REFRESH_INTERVAL:
            return
        session[LAST_SEEN_SESSION_KEY] = now
        # "Remember me" left unticked makes a browser-session cookie (expiry 0): keep it so.
        if is_staff and not session.get_expire_at_browser_close():
            session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)
        from apps.accounts.services import user_session_touch
        from apps.core.client_ip import client_ip

        user_session_touch(
            user=request.user,
            session_key=session.session_key or "",
            ip=client_ip(request),
            user_agent=request.headers.get("User-Agent", ""),
        )
