"""Access rules for staff pages: one place, used by every /staff/ view."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from apps.accounts.permissions import is_staff_account, is_verified_staff
from apps.core.decorators import private_page


def staff_required(view):
    """Staff only, and only once they have passed a second factor (django-otp) in this
    session: a password alone never opens a staff page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
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
