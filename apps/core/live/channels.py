"""Which channels a member may watch.

Each app declares its kinds of channel in `apps/<app>/live.py`:

    CHANNELS = {"post": can_watch_post}   # can_watch_post(user, key: str) -> bool

A check gets the signed-in member (with `is_verified()` from django-otp, so staff checks
ask `is_verified_staff`) and the key as written in the URL (an untrusted string). The
member's own channel, "user:<id>", is not asked for: every stream carries it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from apps.core.discovery import app_modules
from apps.core.live.broker import CHANNEL_RE

# A page watches a few channels; a longer list is refused rather than checked one by one.
MAX_CHANNELS = 8


@cache
def registry() -> dict[str, Callable[[object, str], bool]]:
    found: dict[str, Callable[[object, str], bool]] = {}
    for label, module in app_modules("live"):
        for kind, check in getattr(module, "CHANNELS", {}).items():
            if kind in found or kind in ("user", "session"):
                raise ValueError(f"Live channel kind {kind!r} declared twice ({label}).")
            found[kind] = check
    return found


def user_channel(user_id: int) -> str:
    return f"user:{user_id}"


def allowed_channels(user, requested: list[str]) -> list[str]:
    """The requested channels `user` may watch (unknown, malformed or forbidden ones are
    dropped silently: a page asking for a board the member just left still gets the rest)."""
    checks = registry()
    allowed = []
    for channel in dict.fromkeys(requested[:MAX_CHANNELS]):
        if not CHANNEL_RE.match(channel):
            continue
        kind, _, key = channel.partition(":")
        check = checks.get(kind)
        if check is not None and check(user, key):
            allowed.append(channel)
    return allowed
