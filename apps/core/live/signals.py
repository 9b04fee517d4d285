"""Logging out ends the member's open streams in every tab at once (not at the next
heartbeat): the session's own channel gets the close event."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from apps.core.live.broker import live_enabled, publish


@receiver(user_logged_out, dispatch_uid="live-close-on-logout")
def close_streams_on_logout(sender, request=None, user=None, **kwargs) -> None:
    from apps.core.live.views import CLOSE_EVENT, session_channel

    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if key and live_enabled():
        publish(session_channel(key), CLOSE_EVENT)
