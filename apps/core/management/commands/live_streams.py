"""Measure what idle live streams cost one web process (README "Live updates").

Starts uvicorn (one process, as one worker of the Procfile's web process) on 127.0.0.1 with
live updates on, opens --streams event streams as one temporary member, and reports the
process's memory before and after, its CPU while the streams sit idle (heartbeats and
session checks included), and how long one event takes to reach every stream. Needs
REDIS_URL and a migrated database; the temporary member is deleted at the end.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from apps.core.live.broker import send_now
from apps.core.live.channels import user_channel


class Command(BaseCommand):
    help = "Hold N idle live streams on one uvicorn process and report memory and CPU."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--streams", type=int, default=1000)
        parser.add_argument("--idle-seconds", type=float, default=30.0)
        parser.add_argument("--heartbeat", type=int, default=20, help="LIVE_HEARTBEAT_SECONDS for the server")

    def handle(self, *args, streams: int, idle_seconds: float, heartbeat: int, **options) -> None:
        if not settings.LIVE_REDIS_URL:
            raise CommandError("Set REDIS_URL: live updates need Redis.")
        import psutil

        user, cookie = _temporary_member()
        port = _free_port()
        env = {**os.environ, "LIVE_HEARTBEAT_SECONDS": str(heartbeat), "REQUEST_LOG_LEVEL": "WARNING"}
        command = [sys.executable, "-m", "uvicorn", "site_config.asgi:application", "--host", "127.0.0.1"]
        command += ["--port", str(port), "--no-access-log", "--log-level", "warning"]
        command += ["--timeout-graceful-shutdown", "1", "--backlog", str(max(2048, streams))]
        server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603 (our own command line)
        try:
            _wait_ready(port)
            process = psutil.Process(server.pid)
            # One ordinary request first, so the baseline includes a warmed-up Django.
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read()
            before = process.memory_info().rss
            result = asyncio.run(_hold(port, cookie, streams, idle_seconds, process, user.pk))
            after = result["rss"]
        finally:
            server.terminate()
            server.wait(timeout=15)
            user.delete()
        per_stream_kb = (after - before) / max(result["open"], 1) / 1024
        self.stdout.write(
            "\n".join(
                [
                    f"streams open:            {result['open']} of {streams} (opened in {result['open_s']:.1f} s)",
                    f"server memory (RSS):     {before / 2**20:.1f} MB before, {after / 2**20:.1f} MB with the streams "
                    f"({per_stream_kb:.1f} KB per stream)",
                    f"server threads:          {result['threads']}",
                    f"server CPU while idle:   {result['idle_cpu_ms']:.0f} ms over {idle_seconds:.0f} s "
                    f"({result['idle_cpu_ms'] / idle_seconds / 10:.2f}% of one core; heartbeat every {heartbeat} s)",
                    f"one event to all:        {result['fanout_ms']:.0f} ms until every stream had it "
                    f"({result['received']} received)",
                ]
            )
        )


def _temporary_member():
    from django.test import Client

    user = get_user_model().objects.create_user(
        email=f"live-{secrets.token_hex(6)}@example.invalid",
        handle=f"live{secrets.token_hex(4)}",
        password=secrets.token_urlsafe(16),
    )
    client = Client()
    client.force_login(user)
    return user, client.cookies[settings.SESSION_COOKIE_NAME].value


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(port: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1).read()
            return
        except OSError:
            time.sleep(0.2)
    raise CommandError("uvicorn did not start")


async def _open_stream(port: int, cookie: str):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = (
        f"GET /live/stream/ HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        f"Cookie: {settings.SESSION_COOKIE_NAME}={cookie}\r\n\r\n"
    )
    writer.write(request.encode())
    await writer.drain()
    head = await reader.readuntil(b"retry:")  # the first event: the stream is open
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        raise CommandError(f"stream refused: {head[:80]!r}")
    return reader, writer


async def _hold(port: int, cookie: str, count: int, idle_seconds: float, process, user_id: int) -> dict:
    start = time.monotonic()
    streams = []
    for batch in range(0, count, 100):
        streams += await asyncio.gather(*(_open_stream(port, cookie) for _ in range(min(100, count - batch))))
    open_s = time.monotonic() - start
    await asyncio.sleep(2)
    cpu_before = sum(process.cpu_times()[:2])
    await asyncio.sleep(idle_seconds)
    idle_cpu_ms = (sum(process.cpu_times()[:2]) - cpu_before) * 1000
    rss = process.memory_info().rss
    threads = process.num_threads()

    async def wait_event(reader) -> None:
        await reader.readuntil(b"event: ping")

    sent = time.monotonic()
    await asyncio.to_thread(send_now, user_channel(user_id), "ping")
    done = await asyncio.wait_for(
        asyncio.gather(*(wait_event(r) for r, _ in streams), return_exceptions=True), 60
    )
    fanout_ms = (time.monotonic() - sent) * 1000
    for _, writer in streams:
        writer.close()
    return {
        "open": len(streams),
        "open_s": open_s,
        "idle_cpu_ms": idle_cpu_ms,
        "rss": rss,
        "threads": threads,
        "fanout_ms": fanout_ms,
        "received": sum(1 for d in done if d is None),
    }
