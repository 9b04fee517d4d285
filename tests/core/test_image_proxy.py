"""The image proxy: member Markdown images come from our origin, fetched under SSRF rules.

A real HTTP server on 127.0.0.1 stands in for the image hosts. Loopback is exactly what the
proxy refuses, so the tests that fetch turn IMAGE_PROXY_ALLOW_PRIVATE on; the refusal itself
is proven with it off.
"""

from __future__ import annotations

import io
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache
from PIL import Image

from apps.core import imageproxy
from apps.core.markdown import render_markdown


def _image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format=kind)
    return buffer.getvalue()


IMAGES = {
    "/pixel.png": (_image("PNG"), "image/png"),
    "/photo.jpg": (_image("JPEG"), "image/jpeg"),
    "/anim.gif": (_image("GIF"), "image/gif"),
    "/pic.webp": (_image("WEBP"), "image/webp"),
}
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>'
HTML = b"<!doctype html><script>alert(1)</script>"


class _Handler(BaseHTTPRequestHandler):
    hits: Counter = Counter()
    headers_seen: list = []

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str, **headers) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        type(self).hits[self.path] += 1
        type(self).headers_seen.append(dict(self.headers))
        path = urlsplit(self.path).path
        query = parse_qs(urlsplit(self.path).query)
        if path in IMAGES:
            body, kind = IMAGES[path]
            self._send(200, body, kind)
        elif path == "/evil.svg":
            self._send(200, SVG, "image/png")  # lies about its type
        elif path == "/page.html":
            self._send(200, HTML, "image/jpeg")
        elif path == "/huge.png":
            self._send(200, IMAGES["/pixel.png"][0] + b"\0" * 200_000, "image/png")
        elif path == "/undeclared-huge.png":
            # No Content-Length: the cap must hold while reading.
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(IMAGES["/pixel.png"][0] + b"\0" * 200_000)
            self.close_connection = True
        elif path == "/slow.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            try:
                for _ in range(40):
                    self.wfile.write(b"\0" * 10)
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
            self.close_connection = True
        elif path == "/redirect":
            self._send(302, b"", "text/plain", Location=query["to"][0])
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture
def image_server():
    _Handler.hits = Counter()
    _Handler.headers_seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def loopback_allowed(settings):
    settings.IMAGE_PROXY_ALLOW_PRIVATE = True


def proxied(url: str) -> str:
    return imageproxy.proxy_url(url)


@pytest.mark.parametrize("path", list(IMAGES))
def test_proxy_serves_signed_images_with_the_type_their_bytes_show(
    client, image_server, loopback_allowed, path
):
    response = client.get(proxied(image_server + path))
    body, kind = IMAGES[path]
    assert response.status_code == 200
    assert response.content == body
    assert response["Content-Type"] == kind
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"]


def test_image_in_a_post_reaches_the_reader_through_the_proxy(client, image_server, loopback_allowed):
    html = str(render_markdown(f"![chart]({image_server}/pixel.png)"))
    src = html.split('src="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert src.startswith("/img-proxy/?")
    response = client.get(src)
    assert response.status_code == 200 and response.content == IMAGES["/pixel.png"][0]


def test_the_image_host_sees_neither_the_reader_nor_their_cookies(client, image_server, loopback_allowed):
    client.cookies["tracking"] = "secret-cookie"
    client.get(proxied(image_server + "/pixel.png"), HTTP_REFERER="http://testserver/posts/1/")
    (seen,) = _Handler.headers_seen
    assert "Cookie" not in seen and "Referer" not in seen and "Authorization" not in seen


@pytest.mark.parametrize(
    "query",
    [
        "url=https://example.com/a.png",
        "url=https://example.com/a.png&sig=forged",
        "sig=abc",
        "",
    ],
)
def test_proxy_refuses_urls_it_did_not_sign(client, image_server, query):
    response = client.get(f"/img-proxy/?{query}")
    assert response.status_code == 403
    assert not _Handler.hits


def test_a_signature_is_only_good_for_its_own_url(client, image_server, loopback_allowed):
    good = imageproxy.sign(image_server + "/pixel.png")
    response = client.get("/img-proxy/", {"url": image_server + "/photo.jpg", "sig": good})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/evil.svg", "/page.html", "/missing.png"])
def test_proxy_serves_only_png_jpeg_gif_and_webp(client, image_server, loopback_allowed, path):
    response = client.get(proxied(image_server + path))
    assert response.status_code == 404
    assert b"<script" not in response.content


@pytest.mark.parametrize("path", ["/huge.png", "/undeclared-huge.png"])
def test_proxy_refuses_images_over_the_byte_cap(client, image_server, loopback_allowed, settings, path):
    settings.IMAGE_PROXY_MAX_BYTES = 100_000
    response = client.get(proxied(image_server + path))
    assert response.status_code == 404


def test_proxy_gives_up_on_a_slow_server(client, image_server, loopback_allowed, settings):
    settings.IMAGE_PROXY_TIMEOUT = 0.5
    started = time.monotonic()
    response = client.get(proxied(image_server + "/slow.png"))
    assert response.status_code == 404
    assert time.monotonic() - started < 2.5


def test_proxy_keeps_fetched_images_and_failures_in_the_cache(client, image_server, loopback_allowed):
    for _ in range(3):
        assert client.get(proxied(image_server + "/pixel.png")).status_code == 200
        assert client.get(proxied(image_server + "/missing.png")).status_code == 404
    assert _Handler.hits["/pixel.png"] == 1
    assert _Handler.hits["/missing.png"] == 1


def test_new_fetches_are_rate_limited_but_cached_images_are_not(
    client, image_server, loopback_allowed, settings
):
    settings.IMAGE_PROXY_RATE = "2/m"
    assert client.get(proxied(image_server + "/pixel.png")).status_code == 200
    assert client.get(proxied(image_server + "/photo.jpg")).status_code == 200
    assert client.get(proxied(image_server + "/anim.gif")).status_code == 429
    for _ in range(3):
        assert client.get(proxied(image_server + "/pixel.png")).status_code == 200


def test_proxy_follows_a_redirect_to_another_image(client, image_server, loopback_allowed):
    response = client.get(proxied(f"{image_server}/redirect?to=/pic.webp"))
    assert response.status_code == 200 and response["Content-Type"] == "image/webp"


# --- Server-side request forgery ------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://10.0.0.1/a.png",
        "http://192.168.1.1/a.png",
        "http://172.16.0.1/a.png",
        "http://100.64.0.1/a.png",  # carrier-grade NAT
        "http://0.0.0.0/a.png",
        "http://[::1]/a.png",
        "http://[fd00::1]/a.png",
        "http://[fe80::1]/a.png",
        "http://[::ffff:127.0.0.1]/a.png",
        "http://224.0.0.1/a.png",
        "http://localhost/a.png",
        "http://2130706433/a.png",  # 127.0.0.1 as one number
    ],
)
def test_proxy_refuses_private_loopback_and_link_local_addresses(client, url):
    response = client.get(proxied(url))
    assert response.status_code == 404


def test_proxy_refuses_loopback_even_when_an_image_is_there(client, image_server):
    response = client.get(proxied(image_server + "/pixel.png"))
    assert response.status_code == 404
    assert not _Handler.hits, "the proxy must not even connect"


def test_proxy_checks_every_redirect_hop(client, image_server, monkeypatch):
    """The first host is public (here: 127.0.0.1 counts as public); it redirects to a private
    address, which is refused before any connection is made to it."""
    monkeypatch.setattr(imageproxy, "_is_public", lambda address: str(address) == "127.0.0.1")
    port = image_server.rsplit(":", 1)[1]
    ok = client.get(proxied(f"{image_server}/redirect?to=/pixel.png"))
    assert ok.status_code == 200
    cache.clear()
    refused = client.get(proxied(f"{image_server}/redirect?to=http://127.0.0.2:{port}/pixel.png"))
    assert refused.status_code == 404
    refused = client.get(proxied(f"{image_server}/redirect?to=http://169.254.169.254/"))
    assert refused.status_code == 404


def test_proxy_stops_after_a_few_redirects(client, image_server, loopback_allowed):
    url = f"{image_server}/pixel.png"
    for _ in range(imageproxy.MAX_REDIRECTS + 1):
        url = f"{image_server}/redirect?to={url.replace('?', '%3F').replace('=', '%3D')}"
    assert client.get(proxied(url)).status_code == 404


def test_a_host_with_both_a_public_and_a_private_address_is_refused(monkeypatch):
    monkeypatch.setattr(
        imageproxy.socket,
        "getaddrinfo",
        lambda *args, **kwargs: [(2, 1, 6, "", ("93.184.216.34", 80)), (2, 1, 6, "", ("127.0.0.1", 80))],
    )
    with pytest.raises(imageproxy.ImageUnavailable):
        imageproxy.fetch("http://rebinding.example/a.png")


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a.png", "file:///etc/passwd", "http://user:pw@example.com/a.png"]
)
def test_fetch_refuses_other_schemes_and_credentials(url):
    with pytest.raises(imageproxy.ImageUnavailable):
        imageproxy.fetch(url)
