"""Staff two-factor (django-otp): verify a code, enrol an authenticator app, recovery codes,
and the bootstrap token for the first administrator."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
BOOTSTRAP_DEVICE_NAME = "Bootstrap token"
TOTP_DEVICE_NAME = "Authenticator app"


class TwoFactorLocked(Exception):
    """The device refuses codes until `until` (too many wrong codes)."""

    def __init__(self, until: datetime) -> None:
        super().__init__(f"locked until {until.isoformat()}")
        self.until = until


def _normalise(token: str) -> str:
    return "".join((token or "").split()).lower()


def _locked_until(device: Device) -> datetime | None:
    """When a device stops refusing codes: after OTP_LOCKOUT_FAILURES wrong codes in a row
    it is locked for OTP_LOCKOUT_SECONDS; before that django-otp's own back-off applies."""
    failures = device.throttling_failure_count
    last_failure = device.throttling_failure_timestamp
    if not failures or last_failure is None:
        return None
    if failures >= settings.OTP_LOCKOUT_FAILURES:
        until = last_failure + timedelta(seconds=settings.OTP_LOCKOUT_SECONDS)
    else:
        allowed, details = device.verify_is_allowed()
        until = None if allowed else (details or {}).get("locked_until")
    return until if until and until > timezone.now() else None


def devices_confirmed(*, user) -> list[Device]:
    return [
        *TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk"),
        *StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk"),
    ]


def user_has_totp(*, user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_verify(*, user, token: str) -> Device | None:
    """The device that accepts `token` — a six-digit authenticator code or a recovery code
    (used up on success) — or None. Raises TwoFactorLocked while the device that would check
    it refuses codes (including right after the wrong code that locked it)."""
    device, locked_until = _verify(user=user, token=_normalise(token))
    if device is None and locked_until is not None:
        raise TwoFactorLocked(locked_until)
    return device


@transaction.atomic
def _verify(*, user, token: str) -> tuple[Device | None, datetime | None]:
    # The failure counters must be committed even when the caller reports a lockout, so
    # nothing raises inside this transaction.
    if not token or len(token) > 16:
        return None, None
    model = TOTPDevice if (token.isdigit() and len(token) == 6) else StaticDevice
    devices = list(model.objects.select_for_update().filter(user=user, confirmed=True).order_by("pk"))
    locked: list[datetime] = []
    for device in devices:
        until = _locked_until(device)
        if until is None:
            if device.verify_token(token):
                return device, None
            until = (
                _locked_until(device)
                if device.throttling_failure_count >= settings.OTP_LOCKOUT_FAILURES
                else None
            )
        if until is not None:
            locked.append(until)
    if devices and len(locked) == len(devices):
        return None, min(locked)
    return None, None


def totp_device_for_enrolment(*, user) -> TOTPDevice:
    """The unconfirmed authenticator device waiting to be set up (made on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm a new authenticator with its first code. On success it replaces the
    member's other authenticators and recovery codes, and the ten new recovery codes are
    returned (to show once); None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if _locked_until(device) is not None or not device.verify_token(_normalise(token)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return recovery_codes_replace(user=device.user)


@transaction.atomic
def recovery_codes_replace(*, user) -> list[str]:
    """Ten fresh single-use recovery codes; every earlier static code stops working."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@dataclass(frozen=True)
class BootstrapResult:
    user: object
    created: bool
    password: str | None
    token: str


@transaction.atomic
def staff_bootstrap(*, email: str) -> BootstrapResult:
    """Create or promote a superuser and give them one single-use static token, so the first
    administrator can pass the second factor and then enrol an authenticator app."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    email = User.objects.normalize_email(email.strip())
    user = User.objects.filter(email__iexact=email).first()
    password = None
    created = user is None
    if created:
        password = secrets.token_urlsafe(15)
        user = User.objects.create_superuser(email=email, password=password)
    else:
        user.is_staff = user.is_superuser = user.is_active = True
        user.save(update_fields=["is_staff", "is_superuser", "is_active"])
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email, "primary": True}
    )
    if not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])
    StaticDevice.objects.filter(user=user, name=BOOTSTRAP_DEVICE_NAME).delete()
    device = StaticDevice.objects.create(user=user, name=BOOTSTRAP_DEVICE_NAME, confirmed=True)
    token = StaticToken.random_token()
    StaticToken.objects.create(device=device, token=token)
    return BootstrapResult(user=user, created=created, password=password, token=token)
