"""Small helpers shared by the hackathon views."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def post_rate(group: str, request: HttpRequest) -> str:
    """django-ratelimit reads this per request, so tests and deployments can change it."""
    return settings.HACKATHON_POST_RATE


def form_rate(name: str) -> dict:
    """The budget of one form's accepted posts (apps.core.form_rate), read per request."""
    return {"group": f"hackathons.{name}", "rate": settings.HACKATHON_POST_RATE, "key": "user_or_ip"}
