"""One Redis subscription per web process, shared by all the streams that process holds.

A thousand open streams must not mean a thousand Redis connections: the hub subscribes once
(to every live channel, by pattern) and hands each message to the queues of the streams
watching its channel. It lives on the process's event loop and reconnects on its own when
Redis goes away (streams stay open; what they missed comes back through the replay buffer
when the browser reconnects).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass, field

from django.conf import settings

from apps.core.live.broker import PUBSUB_PREFIX

logger = logging.getLogger(__name__)

# A stream whose browser does not keep up gets closed rather than buffered without end;
# the browser reconnects and replays from the buffer.
QUEUE_SIZE = 100
OVERFLOW = ("", "overflow", "")


@dataclass(eq=False)
class Subscription:
    channels: frozenset[str]
    queue: asyncio.Queue = field(default_factory=lambda: asyncio.Queue(QUEUE_SIZE))

    def offer(self, item: tuple[str, str, str]) -> None:
        try:
            self.queue.put_nowait(item)
        except asyncio.QueueFull:
            # Drop the oldest to make room for the overflow marker: the stream ends next.
            self.queue.get_nowait()
            self.queue.put_nowait(OVERFLOW)


class Hub:
    def __init__(self, url: str) -> None:
        import redis.asyncio as aioredis

        self.redis = aioredis.Redis.from_url(url)
        self.by_channel: dict[str, set[Subscription]] = {}
        self.task: asyncio.Task | None = None
        self.ready = asyncio.Event()

    def subscribe(self, channels: frozenset[str]) -> Subscription:
        subscription = Subscription(channels)
        for channel in channels:
            self.by_channel.setdefault(channel, set()).add(subscription)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._listen())
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        for channel in subscription.channels:
            watchers = self.by_channel.get(channel)
            if watchers is not None:
                watchers.discard(subscription)
                if not watchers:
                    del self.by_channel[channel]

    @property
    def stream_count(self) -> int:
        return len({s for watchers in self.by_channel.values() for s in watchers})

    async def _listen(self) -> None:
        delay = 0.5
        while True:
            pubsub = self.redis.pubsub(ignore_subscribe_messages=True)
            try:
                await pubsub.psubscribe(PUBSUB_PREFIX + "*")
                self.ready.set()
                delay = 0.5
                async for message in pubsub.listen():
                    if message.get("type") == "pmessage":
                        self._dispatch(message["channel"], message["data"])
            except asyncio.CancelledError:
                raise
            except Exception:  # Redis went away: retry, streams stay open
                self.ready.clear()
                logger.warning("live: Redis subscription lost, retrying in %.1f s", delay, exc_info=True)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10)
            finally:
                with contextlib.suppress(Exception):
                    await pubsub.aclose()

    def _dispatch(self, raw_channel: bytes, raw: bytes) -> None:
        channel = raw_channel.decode()[len(PUBSUB_PREFIX) :]
        watchers = self.by_channel.get(channel)
        if not watchers:
            return
        try:
            message = json.loads(raw)
            item = (str(message["id"]), str(message["e"]), str(message.get("d", "")))
        except (ValueError, KeyError, TypeError):
            return
        for subscription in list(watchers):
            subscription.offer(item)


_hubs: dict[int, Hub] = {}


def hub() -> Hub:
    """This event loop's hub (one per process under uvicorn; tests may run several loops)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(id(loop))
    if found is None:
        found = _hubs[id(loop)] = Hub(settings.LIVE_REDIS_URL)
    return found
