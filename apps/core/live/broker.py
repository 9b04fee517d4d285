"""Sending live events: Redis pub/sub to every web process, plus a short replay buffer."""

from __future__ import annotations

import json
import logging
import re
from functools import cache

from django.conf import settings
from django.db import transaction

logger = logging.getLogger(__name__)

# Redis names: the pub/sub channel every process listens to, and one capped stream per
# channel holding the latest events for replay.
PUBSUB_PREFIX = "live:pub:"
BUFFER_PREFIX = "live:buf:"
# "kind:key", both short and plain: they end up in URLs, Redis names and log lines.
CHANNEL_RE = re.compile(r"^[a-z][a-z0-9_-]{0,30}:[A-Za-z0-9_.-]{1,64}$")
EVENT_RE = re.compile(r"^[a-z][a-z0-9_-]{0,40}$")
MAX_DATA_CHARS = 2000


def live_enabled() -> bool:
    """Live updates are on (LIVE_UPDATES, on by default wherever REDIS_URL is set)."""
    return bool(settings.LIVE_UPDATES and settings.LIVE_REDIS_URL)


@cache
def _client(url: str):
    import redis

    return redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)


def publish(channel: str, event: str, data: str = "") -> None:
    """Tell the members watching `channel` that `event` happened, once the current
    transaction commits (so the page they re-fetch already shows it).

    `data` is a short plain string (an id, a count): never member content, which each
    page fetches through its own permission-checked URL. A Redis failure is logged, never
    raised: a live update is a courtesy, the write it follows has happened.
    """
    if not CHANNEL_RE.match(channel) or not EVENT_RE.match(event):
        raise ValueError(f"Bad live channel or event name: {channel!r} {event!r}")
    if "\n" in data or "\r" in data or len(data) > MAX_DATA_CHARS:
        raise ValueError("Live event data is one short line.")
    if not live_enabled():
        return
    transaction.on_commit(lambda: send_now(channel, event, data), robust=True)


def send_now(channel: str, event: str, data: str = "") -> str | None:
    """Buffer and broadcast an event at once; returns its id (None when Redis failed)."""
    try:
        client = _client(settings.LIVE_REDIS_URL)
        key = BUFFER_PREFIX + channel
        pipe = client.pipeline()
        pipe.xadd(key, {"e": event, "d": data}, maxlen=settings.LIVE_REPLAY_SIZE, approximate=True)
        pipe.expire(key, settings.LIVE_REPLAY_SECONDS)
        event_id = pipe.execute()[0].decode()
        message = json.dumps({"id": event_id, "e": event, "d": data})
        client.publish(PUBSUB_PREFIX + channel, message)
        return event_id
    except Exception:  # any Redis or network failure: log it, keep the write
        logger.warning("live event not sent", extra={"channel": channel, "event": event}, exc_info=True)
        return None


EVENT_ID_RE = re.compile(r"^\d{1,20}-\d{1,20}$")


async def replay(redis, channels: list[str], last_event_id: str) -> list[tuple[str, str, str]]:
    """The buffered events after `last_event_id` on any of `channels`, oldest first, as
    (id, event, data). Ids are Redis stream ids (milliseconds-sequence), comparable across
    channels because one Redis server stamps them all."""
    if not EVENT_ID_RE.match(last_event_id or ""):
        return []
    found: list[tuple[tuple[int, int], str, str, str]] = []
    for channel in channels:
        for raw_id, fields in await redis.xrange(BUFFER_PREFIX + channel, min=f"({last_event_id}", max="+"):
            event_id = raw_id.decode()
            found.append((id_order(event_id), event_id, fields[b"e"].decode(), fields[b"d"].decode()))
    found.sort()
    return [(event_id, event, data) for _, event_id, event, data in found]


def id_order(event_id: str) -> tuple[int, int]:
    ms, _, seq = event_id.partition("-")
    return int(ms), int(seq or 0)
