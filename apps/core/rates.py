"""Rate limits read from settings on every request.

`@ratelimit(rate="10/h")` or `rate=settings.X` fixes the number when the module is imported,
so `override_settings` in a test and a changed setting after a reload do nothing. Every rate
limit names its setting instead:

    @ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)

and forms that count only accepted submissions pass the same rate to apps.core.form_rate.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest


def setting_rate(name: str) -> Callable[[str, HttpRequest], str]:
    """A rate django-ratelimit calls with (group, request): the value of `settings.<name>`."""

    def rate(group: str, request: HttpRequest) -> str:
        return getattr(settings, name)

    rate.__qualname__ = rate.__name__ = f"setting_rate({name!r})"
    return rate
