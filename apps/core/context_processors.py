from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {
        "SITE_NAME": "DiceyTech",
        "SITE_URL": settings.SITE_URL,
        "RECAPTCHA_ENABLED": settings.RECAPTCHA_ENABLED,
        # site.js sends this cookie's value with every HTMX request.
        "CSRF_COOKIE_NAME": settings.CSRF_COOKIE_NAME,
    }
