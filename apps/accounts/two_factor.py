"""Staff two-factor (django-otp): verify a code, enrol an authenticator app, recovery codes,
the bootstrap token for the first administrator, and enrolment links.

Enrolling an authenticator needs something a password does not give: a session already
verified by a device (the bootstrap token, or the member's own authenticator or recovery
code), or an enrolment link a verified staff member issued for this account."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import StaffEnrolment
from apps.core.permissions import is_verified_staff

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "Recovery codes"
BOOTSTRAP_DEVICE_NAME = "Bootstrap token"
TOTP_DEVICE_NAME = "Authenticator app"
# An enrolment link works for this long after it is issued…
ENROLMENT_LINK_LIFETIME = timedelta(hours=24)
# …and the session that opened it has this long to finish setting up the app.
ENROLMENT_WINDOW = timedelta(minutes=30)


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
    """The unconfirmed authenticator device waiting to be set up (made on first visit). Only
    the set-up page of a session allowed to enrol calls this: its secret is shown there."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def _unconfirmed_devices_forget(*, user) -> None:
    """A secret shown before this point may have been read by someone else: the next set-up
    page makes a new one."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()


@transaction.atomic
def totp_device_confirm(
    *, device: TOTPDevice, token: str, enrolment: StaffEnrolment | None = None
) -> list[str] | None:
    """Confirm a new authenticator with its first code. On success it replaces the
    member's other authenticators and recovery codes, uses up the enrolment link the session
    enrols with (if any), and the ten new recovery codes are returned (to show once); None
    when the code is wrong or the link is no longer good."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    if enrolment is not None:
        enrolment = _enrolment_open(user=device.user, pk=enrolment.pk, lock=True)
        if enrolment is None:
            return None
    if _locked_until(device) is not None or not device.verify_token(_normalise(token)):
        return None
    if enrolment is not None:
        enrolment.enrolled_at = timezone.now()
        enrolment.save(update_fields=["enrolled_at"])
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
    _unconfirmed_devices_forget(user=user)
    device = StaticDevice.objects.create(user=user, name=BOOTSTRAP_DEVICE_NAME, confirmed=True)
    token = StaticToken.random_token()
    StaticToken.objects.create(device=device, token=token)
    return BootstrapResult(user=user, created=created, password=password, token=token)


# --- Enrolment links ----------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def staff_enrolment_issue(*, issued_by, user) -> tuple[StaffEnrolment, str]:
    """A single-use enrolment link for another staff account, issued by a verified staff
    member; any earlier unopened link of that account stops working. Returns the row and the
    token (shown once to the issuer, who hands it over; only its hash is stored)."""
    if not is_verified_staff(issued_by):
        raise PermissionDenied("Only staff who passed two factors can issue enrolment links.")
    if user.pk == issued_by.pk:
        raise ValidationError("Set up your own authenticator from your account settings.")
    if not (user.is_staff and user.is_active and not user.is_deleted):
        raise ValidationError("Enrolment links are for active staff accounts only.")
    if user.is_superuser and not issued_by.is_superuser:
        raise PermissionDenied("Only a superuser can issue an enrolment link for a superuser.")
    StaffEnrolment.objects.filter(user=user, claimed_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    enrolment = StaffEnrolment.objects.create(
        user=user,
        issued_by=issued_by,
        token_hash=_token_hash(token),
        expires_at=timezone.now() + ENROLMENT_LINK_LIFETIME,
    )
    return enrolment, token


def _unclaimed(*, user, token: str) -> QuerySet[StaffEnrolment]:
    return StaffEnrolment.objects.filter(
        token_hash=_token_hash(token or ""),
        user=user,
        claimed_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def staff_enrolment_find(*, user, token: str) -> StaffEnrolment | None:
    """The unopened, unexpired link `token` names, if it is for `user`."""
    return _unclaimed(user=user, token=token).select_related("issued_by").first()


@transaction.atomic
def staff_enrolment_claim(*, user, token: str) -> StaffEnrolment | None:
    """Open the link for this session (once: a second session gets None). Any authenticator
    secret made earlier is dropped, so the one set up next is new."""
    enrolment = _unclaimed(user=user, token=token).select_for_update().first()
    if enrolment is None:
        return None
    enrolment.claimed_at = timezone.now()
    enrolment.save(update_fields=["claimed_at"])
    _unconfirmed_devices_forget(user=user)
    return enrolment


def _enrolment_open(*, user, pk, lock: bool = False) -> StaffEnrolment | None:
    rows = StaffEnrolment.objects.select_for_update() if lock else StaffEnrolment.objects
    return rows.filter(
        pk=pk,
        user=user,
        enrolled_at__isnull=True,
        claimed_at__gt=timezone.now() - ENROLMENT_WINDOW,
    ).first()


def staff_enrolment_open(*, user, pk) -> StaffEnrolment | None:
    """The link this session claimed, while it still lets the session enrol."""
    if not isinstance(pk, int):
        return None
    return _enrolment_open(user=user, pk=pk)


def staff_two_factor_overview() -> QuerySet:
    """Every active staff account, with whether it has an authenticator and when its open
    enrolment link (if any) expires: one query."""
    now = timezone.now()
    open_links = StaffEnrolment.objects.filter(
        user=OuterRef("pk"), claimed_at__isnull=True, expires_at__gt=now
    ).order_by("-expires_at")
    return (
        get_user_model()
        .objects.filter(is_staff=True, is_active=True, deleted_at__isnull=True)
        .annotate(
            has_totp=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)),
            link_expires_at=Subquery(open_links.values("expires_at")[:1]),
        )
        .order_by("email")
    )
