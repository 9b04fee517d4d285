"""A lease shorter than the SMTP timeout would let the sweeper re-send a mail that a live,
merely slow worker is still sending."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register


@register()
def lease_outlasts_smtp_timeout(app_configs, **kwargs):
    options = settings.MAILERS.get("default", {}).get("OPTIONS", {})
    timeout = options.get("timeout")
    if timeout and timeout >= settings.MAILER_LEASE_SECONDS:
        return [
            Warning(
                f"MAILER_LEASE_SECONDS ({settings.MAILER_LEASE_SECONDS}) is not longer than the "
                f"SMTP timeout ({timeout}s): a slow delivery may be sent twice.",
                hint="Raise MAILER_LEASE_SECONDS or lower EMAIL_TIMEOUT.",
                id="mailer.W001",
            )
        ]
    return []
