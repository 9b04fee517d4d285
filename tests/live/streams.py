"""Reading a live stream the way a browser does, over plain HTTP."""

from __future__ import annotations

import http.client
import queue
import threading
import time

from django.conf import settings
from django.test import Client


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def verified_staff_cookie(user) -> str:
    """A session of `user` (staff) that passed the second factor, like `staff_client`'s."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device = StaticDevice.objects.create(user=user, name="test", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


class Stream:
    """One open GET /live/stream/ as `cookie`'s member, parsed into events by a reader
    thread (a socket timeout would spoil http.client's reader)."""

    def __init__(self, server, cookie: str | None, channels: str = "", last_event_id: str = "") -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        headers = {"Accept": "text/event-stream"}
        if cookie:
            headers["Cookie"] = f"{settings.SESSION_COOKIE_NAME}={cookie}"
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        self.connection.request("GET", f"/live/stream/?c={channels}", headers=headers)
        self.response = self.connection.getresponse()
        self.connection.sock.settimeout(None)
        self.events: queue.Queue = queue.Queue()
        self.closed = False
        threading.Thread(target=self._read, daemon=True).start()

    @property
    def status(self) -> int:
        return self.response.status

    def _read(self) -> None:
        buffer = ""
        try:
            while chunk := self.response.read1(4096):
                buffer += chunk.decode()
                while "\n\n" in buffer:
                    block, buffer = buffer.split("\n\n", 1)
                    if event := _parse(block):
                        self.events.put(event)
        except (OSError, ValueError, AttributeError, http.client.HTTPException):
            pass
        self.events.put(None)

    def read_events(self, seconds: float, *, until: str | None = None) -> list[dict]:
        """Events (dicts with id, event, data) that arrive within `seconds`, stopping early
        at an event named `until` or when the server ends the stream."""
        found: list[dict] = []
        deadline = time.monotonic() + seconds
        while not self.closed and (left := deadline - time.monotonic()) > 0:
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                break
            if event is None:
                self.closed = True
                break
            found.append(event)
            if until and event["event"] == until:
                break
        return found

    def close(self) -> None:
        self.connection.close()


def _parse(block: str) -> dict | None:
    fields: dict[str, str] = {}
    for line in block.splitlines():
        if line.startswith(":") or ":" not in line:
            continue
        name, _, value = line.partition(":")
        fields[name] = value.removeprefix(" ")
    if "data" not in fields:
        return None
    return {"id": fields.get("id", ""), "event": fields.get("event", "message"), "data": fields["data"]}
