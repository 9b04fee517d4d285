"""The admin behind two factors, however the staff member logged in."""

from __future__ import annotations

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.admin import OTPAdminSite

from apps.core.permissions import is_staff_account, is_verified_staff


class StaffAdminSite(OTPAdminSite):
    """django-otp's admin site: `has_permission` also needs a session verified by an OTP
    device, so a password alone (from the admin's login form or the member login) never
    reaches the index. A staff member who is logged in but not yet verified is sent to the
    two-factor page (which also enrols a first device) instead of the admin login form."""

    def login(self, request, extra_context=None):
        user = request.user
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        if request.method == "GET" and is_staff_account(user) and not is_verified_staff(user):
            return redirect(f"{reverse('accounts:two-factor')}?{urlencode({'next': next_url})}")
        return super().login(request, extra_context)


def install() -> None:
    """Turn the default admin site (already holding every app's registrations) into a
    StaffAdminSite."""
    from django.contrib import admin

    admin.site.__class__ = StaffAdminSite
    admin.site.login_form = StaffAdminSite.login_form
    admin.site.login_template = StaffAdminSite.login_template
