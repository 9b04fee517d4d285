"""The account's own part of data export and erasure (collected with every other app's by
apps.accounts.services.member_data_export / member_delete)."""

from __future__ import annotations

import secrets
from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import StaffEnrolment


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_member_data(user) -> dict[str, Any]:
    return {
        "email": user.email,
        "handle": user.handle,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "github_login": user.github_login,
        "avatar_url": user.avatar_url,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_staff": user.is_staff,
        "has_password": user.has_usable_password(),
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("pk")
        ],
        "connected_accounts": [
            {
                "provider": account.provider,
                "uid": account.uid,
                "connected": _iso(account.date_joined),
                "last_login": _iso(account.last_login),
                "data": account.extra_data,
            }
            for account in SocialAccount.objects.filter(user=user).order_by("pk")
        ],
        "sessions": [
            {
                "ip": session.ip,
                "user_agent": session.user_agent,
                "started": _iso(session.created_at),
                "last_seen": _iso(session.last_seen_at),
            }
            for session in UserSession.objects.filter(user=user).order_by("created_at")
        ],
        # Names only: the secrets of second-factor devices never leave the server.
        "two_factor_devices": [
            *(f"authenticator app: {d.name}" for d in TOTPDevice.objects.filter(user=user, confirmed=True)),
            *(f"recovery codes: {d.name}" for d in StaticDevice.objects.filter(user=user, confirmed=True)),
        ],
    }


def erase_member_data(user) -> None:
    """Anonymise the user row in place (the row stays so foreign keys from public content
    keep working; `display_name` then reads "deleted member") and delete everything else the
    account holds: email addresses, GitHub connections, sessions, second-factor devices."""
    for user_session in UserSession.objects.filter(user=user):
        user_session.end()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    StaffEnrolment.objects.filter(user=user).delete()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    handle = f"deleted_{user.pk}"
    if get_user_model().objects.filter(handle__iexact=handle).exclude(pk=user.pk).exists():
        handle = f"{handle}_{secrets.token_hex(3)}"
    user.handle = handle
    user.first_name = ""
    user.last_name = ""
    user.github_login = ""
    user.avatar_url = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
