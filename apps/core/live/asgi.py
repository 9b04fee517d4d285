"""Django's ASGI handler, minus one thread per open stream.

Django runs each ASGI request inside its own ThreadSensitiveContext: the synchronous parts
(middleware, the session, the member) get a thread of their own that lives as long as the
request. For a page that is a few milliseconds; for an event stream it is hours, so a
thousand idle streams held a thousand idle threads (about 150 KB each, measured with
`manage.py live_streams`). Stream requests skip that context: their short synchronous steps
(opening the stream, the session check at each heartbeat) take turns on one shared thread,
and the idle stream itself is only a coroutine on the event loop.
"""

from __future__ import annotations

from django.core.handlers.asgi import ASGIHandler
from django.urls import reverse


class LiveASGIHandler(ASGIHandler):
    def __init__(self) -> None:
        super().__init__()
        self.stream_path = reverse("live:stream")

    async def __call__(self, scope, receive, send):
        if scope.get("type") == "http" and scope.get("path") == self.stream_path:
            await self.handle(scope, receive, send)
            return
        await super().__call__(scope, receive, send)
