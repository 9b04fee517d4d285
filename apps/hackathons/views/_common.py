"""Small helpers shared by the hackathon views."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django_htmx.http import HttpResponseClientRedirect


def post_rate(group: str, request: HttpRequest) -> str:
    """django-ratelimit reads this per request, so tests and deployments can change it."""
    return settings.HACKATHON_POST_RATE


def form_rate(name: str) -> dict:
    """The budget of one form's accepted posts (apps.core.form_rate), read per request."""
    return {"group": f"hackathons.{name}", "rate": settings.HACKATHON_POST_RATE, "key": "user_or_ip"}


def error_message(request: HttpRequest, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def redirect_after_post(request, to, *args, **kwargs) -> HttpResponse:
    """After a successful form: a plain redirect, or for HTMX a client-side one (a 302 would be
    followed by htmx and its page swapped into the form's place)."""
    url = resolve_url(to, *args, **kwargs)
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)
