"""Images in member Markdown, served from our own origin.

An `<img src="https://tracker.example/pixel.png">` in a post would make every reader's
browser call that host, which then logs their IP address and what they read. So the Markdown
renderer rewrites every image to `/img-proxy/?url=…&sig=…`; the signature (Django's signing,
keyed by SECRET_KEY) means the proxy fetches only URLs our renderer produced, never an
arbitrary one typed into the address bar.

The fetch is the dangerous part (server-side request forgery), so it:
- resolves the host itself and refuses loopback, private, link-local, multicast and other
  non-public addresses (cloud metadata at 169.254.169.254 included), then connects to the
  address it checked (a second DNS answer cannot swap in another one);
- follows at most MAX_REDIRECTS redirects, checking each hop the same way;
- gives up after IMAGE_PROXY_TIMEOUT seconds in all and IMAGE_PROXY_MAX_BYTES bytes;
- accepts only PNG, JPEG, GIF and WebP, recognised by their first bytes (never by the
  Content-Type the other server declares: SVG and HTML can carry scripts);
- sends no cookies or credentials of any kind.

Fetched images (and failures, for a shorter time) are kept in the cache, so a busy post costs
one fetch per image. `IMAGE_PROXY_ALLOW_PRIVATE` (tests only) lets it reach a server on
127.0.0.1.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urljoin, urlsplit

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse

MAX_URL_LENGTH = 2000
MAX_REDIRECTS = 3
FAILURE_CACHE_SECONDS = 300
_SALT = "apps.core.imageproxy"
_REDIRECTS = {301, 302, 303, 307, 308}
_ACCEPT = "image/png, image/jpeg, image/gif, image/webp"


class ImageUnavailable(Exception):
    """The image could not be fetched, or is not one we serve."""


@dataclass(frozen=True)
class ProxiedImage:
    content: bytes
    content_type: str


# --- Signed URLs ---------------------------------------------------------------------------


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SALT)


def sign(url: str) -> str:
    return _signer().signature(url)


def signature_valid(url: str, sig: str) -> bool:
    """Whether `sig` is ours for `url` (under SECRET_KEY or one of SECRET_KEY_FALLBACKS)."""
    if not url or not sig:
        return False
    try:
        _signer().unsign(f"{url}{_signer().sep}{sig}")
    except signing.BadSignature:
        return False
    return True


def _proxy_path() -> str:
    return reverse("image-proxy")


def proxy_url(url: str) -> str:
    return f"{_proxy_path()}?{urlencode({'url': url, 'sig': sign(url)})}"


def image_src(src: str) -> str | None:
    """What an <img src> in member HTML becomes: the proxy's URL for a web image; itself if it
    already is one we signed (HTML rendered earlier is sanitised again); our own static or
    media files as they are; nothing (the attribute is dropped) for anything else."""
    src = src.strip()
    if src.startswith(_proxy_path() + "?"):
        query = QueryDict(urlsplit(src).query)
        return src if signature_valid(query.get("url", ""), query.get("sig", "")) else None
    if src.startswith("//"):
        src = "https:" + src
    parts = urlsplit(src)
    if parts.scheme in {"http", "https"} and parts.hostname and len(src) <= MAX_URL_LENGTH:
        return proxy_url(src)
    if not parts.scheme and not parts.netloc and src.startswith("/"):
        local = tuple(p for p in (settings.STATIC_URL, settings.MEDIA_URL) if p and p.startswith("/"))
        if local and src.startswith(local):
            return src
    return None


# --- Fetching ------------------------------------------------------------------------------


def _is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def _public_address(host: str, port: int) -> str:
    """One address for `host`, refusing the host if any of its addresses is not public (a
    name that answers with both is how rebinding attacks start)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ImageUnavailable(f"cannot resolve {host}") from exc
    addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses:
        raise ImageUnavailable(f"cannot resolve {host}")
    if not getattr(settings, "IMAGE_PROXY_ALLOW_PRIVATE", False) and not all(map(_is_public, addresses)):
        raise ImageUnavailable(f"{host} is not a public address")
    return str(addresses[0])


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the host name resolves to now."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self._address = address
        self._tls = ssl.create_default_context()

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the host name, not the address.
        self.sock = self._tls.wrap_socket(sock, server_hostname=self.host)


def sniff(head: bytes) -> str | None:
    """The image type its first bytes say it is (PNG, JPEG, GIF, WebP), or None."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _read_capped(response: http.client.HTTPResponse, *, limit: int, deadline: float) -> bytes:
    declared = response.getheader("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise ImageUnavailable("image too large")
    chunks: list[bytes] = []
    size = 0
    # read1: at most one recv per call, so a server that drips bytes meets the deadline.
    while chunk := response.read1(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise ImageUnavailable("image too large")
        if time.monotonic() > deadline:
            raise ImageUnavailable("image took too long")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url: str) -> ProxiedImage:
    """GET `url` under the rules in this module's docstring."""
    timeout = float(settings.IMAGE_PROXY_TIMEOUT)
    limit = int(settings.IMAGE_PROXY_MAX_BYTES)
    deadline = time.monotonic() + timeout
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImageUnavailable("not a web address")
        if parts.username or parts.password:
            raise ImageUnavailable("credentials in the address")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as exc:
            raise ImageUnavailable("bad port") from exc
        address = _public_address(parts.hostname, port)
        remaining = max(deadline - time.monotonic(), 0.1)
        connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(parts.hostname, port, address=address, timeout=remaining)
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        try:
            connection.request(
                "GET", path, headers={"Accept": _ACCEPT, "User-Agent": "DiceyTech-image-proxy"}
            )
            response = connection.getresponse()
            if response.status in _REDIRECTS and response.getheader("Location"):
                url = urljoin(url, response.getheader("Location", ""))
                continue
            if response.status != 200:
                raise ImageUnavailable(f"answered {response.status}")
            body = _read_capped(response, limit=limit, deadline=deadline)
        except (OSError, http.client.HTTPException) as exc:
            raise ImageUnavailable(f"fetch failed: {exc}") from exc
        finally:
            connection.close()
        content_type = sniff(body[:16])
        if content_type is None:
            raise ImageUnavailable("not a PNG, JPEG, GIF or WebP image")
        return ProxiedImage(content=body, content_type=content_type)
    raise ImageUnavailable("too many redirects")


def _cache_key(url: str) -> str:
    return "imageproxy:" + hashlib.sha256(url.encode()).hexdigest()


def image_cached(*, url: str) -> ProxiedImage | None:
    """The image at `url` if it was fetched recently, None if it was not tried; raises
    ImageUnavailable if it failed recently (failures are not retried at once)."""
    cached = cache.get(_cache_key(url))
    if cached is None:
        return None
    content_type, content = cached
    if not content_type:
        raise ImageUnavailable("failed recently")
    return ProxiedImage(content=content, content_type=content_type)


def image_fetch(*, url: str) -> ProxiedImage:
    """Fetch the image at `url` and remember the outcome in the cache."""
    try:
        image = fetch(url)
    except ImageUnavailable:
        cache.set(_cache_key(url), ("", b""), FAILURE_CACHE_SECONDS)
        raise
    cache.set(_cache_key(url), (image.content_type, image.content), settings.IMAGE_PROXY_CACHE_SECONDS)
    return image
