"""Rate limits for forms that people type into.

django-ratelimit's decorator counts every POST, a form that failed validation included, and
answers the one over the limit with the bare 429 page: without JavaScript everything typed is
lost. A form view instead asks `form_rate_wait` before it saves (nothing is counted), counts
with `form_rate_count` only once the submission was accepted, and when the limit is reached
renders the same form, bound to what was posted, with `form_rate_message` and status 429 (the
site's htmx configuration swaps 429 answers like 200s, so an HTMX post shows it too).

A form's budget is `form_budget("jobs.apply", "JOBS_APPLY_RATE", key="user_or_ip")`: its rate is
read from settings on every request (apps.core.rates), like the decorator's.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django_ratelimit.core import get_usage

from apps.core.rates import setting_rate

Rate = str | Callable[[str, HttpRequest], str]


def form_budget(group: str, setting: str, *, key: str = "ip") -> dict[str, Any]:
    """The `group`, `rate` and `key` that form_rate_wait and form_rate_count take for one form:
    counted per `key` ("ip", "user", "user_or_ip") at the rate in `settings.<setting>`."""
    return {"group": group, "rate": setting_rate(setting), "key": key}


def form_rate_wait(request: HttpRequest, *, group: str, rate: Rate, key: str = "ip") -> int | None:
    """Seconds until accepted submissions are allowed again, or None when this one may go
    through. Counts nothing."""
    usage = get_usage(request, group=group, key=key, rate=rate, method="POST", increment=False)
    if usage is None or usage["count"] < usage["limit"]:
        return None
    # A cache that cannot be read limits too (django-ratelimit fails closed), with no window.
    return max(usage["time_left"], 1)


def form_rate_count(request: HttpRequest, *, group: str, rate: Rate, key: str = "ip") -> None:
    """Count one accepted submission."""
    get_usage(request, group=group, key=key, rate=rate, method="POST", increment=True)


def form_rate_message(seconds: int, *, upload: str = "", account: bool = False) -> str:
    """`upload` names a file the person chose ("your CV"): a browser never gets a chosen file
    back, so it must be chosen again. `account` for limits counted per member, not per IP."""
    minutes = math.ceil(seconds / 60)
    when = "in about a minute" if minutes <= 1 else f"in about {minutes} minutes"
    source = "your account" if account else "your connection"
    kept = (
        f"What you typed is still here, but {upload} must be chosen again"
        if upload
        else "What you typed is still here"
    )
    return (
        f"This form has been sent too many times from {source}, so nothing was sent this "
        f"time. {kept}: try again {when}."
    )
