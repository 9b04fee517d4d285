"""Per-member limits on mentor calls: a fixed window per minute and per (UTC) day, counted in
the shared cache so every web process sees the same numbers."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def _hit(key: str, window: int, now: float) -> int:
    bucket = f"mentor:rate:{key}:{window}:{int(now // window)}"
    cache.add(bucket, 0, timeout=window + 5)
    try:
        return cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window + 5)
        return 1


def mentor_rate_check(*, member_id: int) -> int | None:
    """Count one call for the member. None when allowed; otherwise the seconds to wait."""
    now = time.time()
    for window, limit in (
        (86_400, settings.MENTOR_RATE_PER_DAY),
        (60, settings.MENTOR_RATE_PER_MINUTE),
    ):
        if _hit(f"{member_id}", window, now) > limit:
            return max(1, int(window - now % window))
    return None
