"""Error reports to Sentry (or any Sentry-compatible service) when SENTRY_DSN is set, from the
web processes (Django integration) and the huey workers (huey integration).

Personal data never leaves: the SDK runs with `send_default_pii=False` and without local
variables, and every event passes through `scrub` before it is sent: no cookies, no request
body or query string, only a few harmless headers, no IP address, no user but the member id,
no cache or Redis keys (a session's key is its id), and any email or IP address left in a
message, a breadcrumb or a tag is replaced.
The request id (apps.core.observability) is added as a tag, so an error leads to its log lines.
"""

from __future__ import annotations

import re
from typing import Any

# Headers that say nothing about the person: everything else (Cookie, Authorization,
# X-Forwarded-For, Referer, User-Agent…) is dropped.
KEPT_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "content-length",
        "content-type",
        "host",
        "hx-request",
        "hx-target",
        "x-request-id",
    }
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
IPV4 = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
# Full (eight groups) or compressed ("::") IPv6; a clock time like 21:30:03 is neither.
IPV6 = re.compile(
    r"(?<![\w:])(?:(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}"
    r"|(?:[0-9A-Fa-f]{1,4}:){0,6}:(?:[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6})?)(?![\w:])"
)


def _scrub_text(value: str) -> str:
    return IPV6.sub("[ip]", IPV4.sub("[ip]", EMAIL.sub("[email]", value)))


def _scrub_value(value: Any) -> Any:
    if isinstance(value, str):
        return _scrub_text(value)
    if isinstance(value, dict):
        return {key: _scrub_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub_value(item) for item in value]
    return value


def _scrub_request(request: dict[str, Any]) -> dict[str, Any]:
    headers = request.get("headers") or {}
    return {
        "method": request.get("method"),
        # The path only: a query string can carry an email or a token.
        "url": (request.get("url") or "").split("?", 1)[0],
        "headers": {name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS},
    }


def scrub(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """before_send / before_send_transaction: the event as it may leave the site."""
    from apps.core.observability import current_request_id

    if "request" in event:
        event["request"] = _scrub_request(event["request"])
    user = event.pop("user", None) or {}
    if user.get("id") is not None:
        event["user"] = {"id": str(user["id"])}
    event.pop("server_name", None)
    for span in event.get("spans") or []:
        if _keyed(span.get("op") or ""):
            span["description"] = span.get("op")
            span.pop("data", None)
    breadcrumbs = event.get("breadcrumbs")
    if isinstance(breadcrumbs, dict) and isinstance(breadcrumbs.get("values"), list):
        breadcrumbs["values"] = [
            crumb for crumb in breadcrumbs["values"] if scrub_breadcrumb(crumb) is not None
        ]
    request_id = current_request_id()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return _scrub_value(event)


# Cache and Redis breadcrumbs and spans name their keys, and a session's cache key holds the
# session id: a credential.
KEYED_CATEGORIES = ("redis", "cache")


def _keyed(kind: str) -> bool:
    return any(kind.startswith(prefix) or kind.startswith(f"db.{prefix}") for prefix in KEYED_CATEGORIES)


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any] | None:
    if _keyed(crumb.get("category") or crumb.get("type") or ""):
        return None
    return _scrub_value(crumb)


def sentry_init(
    *, dsn: str, environment: str = "", release: str = "", traces_sample_rate: float = 0.0
) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.huey import HueyIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration(), HueyIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=scrub,
        before_send_transaction=scrub,
        before_breadcrumb=scrub_breadcrumb,
    )
