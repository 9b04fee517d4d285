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


# Event ids must be unique and ordered across channels: a stream sends the events of several
# channels and skips any id not after the last it sent. Ids that Redis makes per stream are
# not (two channels written in the same millisecond both get "<ms>-0", and the second event
# was dropped as already sent), so one script stamps every event: the server's time in
# milliseconds, never going back, and a counter shared by all channels.
SEQUENCE_KEY = "live:seq"
LAST_MS_KEY = "live:last-ms"
_STAMP_AND_BUFFER = """
local t = redis.call('TIME')
local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last = tonumber(redis.call('GET', KEYS[2]) or '0')
if ms < last then ms = last end
redis.call('SET', KEYS[2], ms)
local id = ms .. '-' .. redis.call('INCR', KEYS[3])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], id, 'e', ARGV[2], 'd', ARGV[3])
redis.call('EXPIRE', KEYS[1], ARGV[4])
return id
"""


@cache
def _stamp_and_buffer(url: str):
    return _client(url).register_script(_STAMP_AND_BUFFER)


def send_now(channel: str, event: str, data: str = "") -> str | None:
    """Buffer and broadcast an event at once; returns its id (None when Redis failed)."""
    try:
        client = _client(settings.LIVE_REDIS_URL)
        stamp = _stamp_and_buffer(settings.LIVE_REDIS_URL)
        event_id = stamp(
            keys=[BUFFER_PREFIX + channel, LAST_MS_KEY, SEQUENCE_KEY],
            args=[settings.LIVE_REPLAY_SIZE, event, data, settings.LIVE_REPLAY_SECONDS],
        ).decode()
        message = json.dumps({"id": event_id, "e": event, "d": data})
        client.publish(PUBSUB_PREFIX + channel, message)
        return event_id
    except Exception:  # any Redis or network failure: log it, keep the write
        logger.warning("live event not sent", extra={"channel": channel, "event": event}, exc_info=True)
        return None


EVENT_ID_RE = re.compile(r"^\d{1,20}-\d{1,20}$")


async def replay(redis, channels: list[str], last_event_id: str) -> list[tuple[str, str, str]]:
    """The buffered events after `last_event_id` on any of `channels`, oldest first, as
    (id, event, data). Ids are "<milliseconds>-<sequence>", stamped by one script for every
    channel (send_now), so they order events across channels."""
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
