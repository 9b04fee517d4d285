"""Idle-based session expiry without a session write on every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse

# When this session last pushed its expiry forward (a Unix timestamp).
LAST_SEEN_SESSION_KEY = "_last_seen"


def session_activity_record(request: HttpRequest, user) -> None:
    """Stamp the session as used now and give it its idle expiry; record it in the member's
    session list. Called at login (so the next request writes nothing) and then at most once
    per SESSION_REFRESH_INTERVAL."""
    from apps.accounts.services import user_session_touch
    from apps.core.client_ip import client_ip
    from apps.core.permissions import is_staff_account

    session = request.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time())
    # "Remember me" left unticked makes a browser-session cookie (expiry 0): keep it so.
    if is_staff_account(user) and not session.get_expire_at_browser_close():
        session.set_expiry(settings.STAFF_SESSION_IDLE_TIMEOUT)
    user_session_touch(
        user=user,
        session_key=session.session_key or "",
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
    )


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
        # The session says whether anyone is signed in; the member is loaded only when the
        # refresh is due (a page served from the cache never needs them).
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            last_seen = session.get(LAST_SEEN_SESSION_KEY, 0)
            if int(time.time()) - last_seen >= settings.SESSION_REFRESH_INTERVAL:
                user = getattr(request, "user", None)
                if user is not None and user.is_authenticated:
                    session_activity_record(request, user)
        return self.get_response(request)
