"""The ASGI application: event streams on the event loop, pages as under a sync server.

- `/live/stream/` goes to Django's ASGI handler, minus its thread-per-request context:
  Django runs each ASGI request inside a ThreadSensitiveContext whose synchronous parts
  (middleware, session, member) get a thread of their own for as long as the request lives.
  For a stream that is hours, so a thousand idle streams held a thousand idle threads. Here
  a stream's short synchronous steps (opening, the session check at each heartbeat) take
  turns on one shared thread, and the idle stream itself is a coroutine.
- Every other request goes to Django's WSGI handler, run in a small thread pool (a2wsgi):
  the same synchronous path as under gunicorn's sync workers, one hop from the event loop,
  instead of Django's ASGI path (a new thread per request and several hops between the loop
  and threads around the synchronous middleware and views). The request is marked as served
  by the ASGI server (`SERVED_BY_ASGI`), which is what lets its page open a stream.
"""

from __future__ import annotations

from a2wsgi import WSGIMiddleware
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler
from django.urls import reverse

# In request.META of every page served by this application.
SERVED_BY_ASGI = "diceytech.served_by_asgi"


class StreamHandler(ASGIHandler):
    async def __call__(self, scope, receive, send):
        await self.handle(scope, receive, send)


class SiteApplication:
    def __init__(self) -> None:
        self.stream_path = reverse("live:stream")
        self.streams = StreamHandler()
        wsgi = WSGIHandler()

        def pages(environ, start_response):
            environ[SERVED_BY_ASGI] = True
            return wsgi(environ, start_response)

        self.pages = WSGIMiddleware(pages, workers=settings.ASGI_PAGE_THREADS)

    async def __call__(self, scope, receive, send):
        if scope.get("type") == "http" and scope.get("path") == self.stream_path:
            await self.streams(scope, receive, send)
        else:
            await self.pages(scope, receive, send)  # pages, and the lifespan protocol
