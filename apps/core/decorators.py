"""View decorators every app can use."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from apps.core.permissions import is_staff_account, is_verified_staff

PRIVATE_CACHE_CONTROL = "private, no-store"


def private_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """For a page that shows one member's private data (their applications, settings,
    notifications, a status page reached by a secret link, an employer's pipeline): no cache
    may keep it, neither a shared one (a proxy or CDN serving it to the next person) nor the
    browser's own (the back button on a shared computer after logging out).

    Put it outermost, so every answer of the view carries it: redirects and partials too.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        # Replaced, not patched: a max-age or "public" set on the way must not survive.
        response["Cache-Control"] = PRIVATE_CACHE_CONTROL
        return response

    return wrapper


def staff_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff only, and only once they have passed a second factor (django-otp) in this
    session: a password alone never opens a staff page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff_account(user):
            raise PermissionDenied
        if not is_verified_staff(user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two-factor')}?{query}")
        return view(request, *args, **kwargs)

    # Staff pages show members' private data: no cache may keep them.
    return private_page(wrapper)
