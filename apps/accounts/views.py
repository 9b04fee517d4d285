from __future__ import annotations

import json
import time
from base64 import b32encode

import django_otp
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.accounts import services
from apps.accounts import two_factor as otp
from apps.accounts.forms import AccountDeleteForm, TotpEnrolForm, TwoFactorForm
from apps.core.decorators import private_page, staff_required
from apps.core.htmx import HtmxHttpRequest, is_partial_request, render_page
from apps.core.next_url import safe_next_url
from apps.core.permissions import is_staff_account, is_verified_staff
from apps.core.qr import qr_make
from apps.core.rates import setting_rate

# --- Account settings ---------------------------------------------------------------------


def _settings_context(request: HttpRequest) -> dict:
    return {
        "sessions": services.user_sessions_active(user=request.user),
        "current_session_key": request.session.session_key,
        "has_totp": is_staff_account(request.user) and otp.user_has_totp(user=request.user),
        "idle_days": settings.SESSION_COOKIE_AGE // 86400,
    }


@private_page
@login_required
@require_safe
def account_settings(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/settings.html", _settings_context(request))


@login_required
@require_safe
def sessions_redirect(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('accounts:settings')}#sessions")


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("ACCOUNTS_SESSIONS_RATE"), method="POST", block=True)
def sessions_end_others(request: HtmxHttpRequest) -> HttpResponse:
    ended = services.user_sessions_end_others(user=request.user, keep_session_key=request.session.session_key)
    messages.success(request, f"Signed out of {ended} other session{'s' if ended != 1 else ''}.")
    if is_partial_request(request):
        return render_page(request, "accounts/settings.html", _settings_context(request), partial="sessions")
    return redirect(f"{reverse('accounts:settings')}#sessions")


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("ACCOUNTS_DATA_RATE"), method="POST", block=True)
def data_export(request: HttpRequest) -> HttpResponse:
    data = services.member_data_export(user=request.user)
    filename = f"diceytech-{request.user.handle}-{timezone.localdate():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _recent_github_login(request: HttpRequest) -> bool:
    """A password-less member proves it is them by logging in through GitHub again."""
    records = get_authentication_records(request, request.user)
    return any(
        record.get("method") == "socialaccount"
        and time.time() - record.get("at", 0) < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT
        for record in records
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=setting_rate("ACCOUNTS_DATA_RATE"), method="POST", block=True)
def account_delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    needs_github = not user.has_usable_password() and not _recent_github_login(request)
    form = AccountDeleteForm(request.POST or None, user=user)
    if request.method == "POST" and not needs_github and form.is_valid():
        services.member_delete(user=user)
        logout(request)
        messages.success(request, "Your account has been deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form, "needs_github": needs_github})


# --- Staff two-factor ---------------------------------------------------------------------


def _next_url(request: HttpRequest) -> str:
    return safe_next_url(request, reverse("staff:index"))


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _staff_only(request: HttpRequest) -> None:
    if not is_staff_account(request.user):
        raise PermissionDenied


# The session holds the enrolment link it opened (its primary key) until it enrols.
ENROLMENT_SESSION_KEY = "_staff_enrolment"


def _enrolment_claimed(request: HttpRequest):
    return otp.staff_enrolment_open(user=request.user, pk=request.session.get(ENROLMENT_SESSION_KEY))


def _elevate(request: HttpRequest, device) -> None:
    """Mark the session as verified by `device`, under a new session key."""
    old_key = request.session.session_key
    request.session.cycle_key()
    services.user_session_rekey(old_key=old_key, new_key=request.session.session_key)
    django_otp.login(request, device)


def _locked_message(error: otp.TwoFactorLocked) -> str:
    if (error.until - timezone.now()).total_seconds() < 60:
        return "Too many tries. Wait a few seconds, then try again."
    until = timezone.localtime(error.until)
    return f"Too many wrong codes: this device is locked until {until:%H:%M}. Use a recovery code, or try again later."


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=setting_rate("ACCOUNTS_TWO_FACTOR_RATE"), method="POST", block=True)
def two_factor(request: HttpRequest) -> HttpResponse:
    """Verify a code (authenticator or recovery code) for this session."""
    _staff_only(request)
    next_url = _next_url(request)
    if not _has_devices(request):
        return redirect(_with_next("accounts:two-factor-setup", next_url))
    form = TwoFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = otp.two_factor_verify(user=request.user, token=form.cleaned_data["token"])
        except otp.TwoFactorLocked as error:
            form.add_error("token", _locked_message(error))
        else:
            if device is not None:
                _elevate(request, device)
                if not otp.user_has_totp(user=request.user):
                    return redirect(_with_next("accounts:two-factor-setup", next_url))
                return redirect(next_url)
            form.add_error(
                "token", "That code is not right. Check the time on your phone, or use a recovery code."
            )
    return render(request, "accounts/two_factor.html", {"form": form, "next": next_url})


def _has_devices(request: HttpRequest) -> bool:
    return bool(otp.devices_confirmed(user=request.user))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=setting_rate("ACCOUNTS_TWO_FACTOR_RATE"), method="POST", block=True)
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: a QR code, then the first code; ten recovery codes are
    shown once. Only a session verified by a device (the bootstrap token counts) or one that
    opened an enrolment link gets here: a password alone never sees a secret."""
    _staff_only(request)
    next_url = _next_url(request)
    enrolment = _enrolment_claimed(request)
    if not is_verified_staff(request.user) and enrolment is None:
        if _has_devices(request):
            return redirect(_with_next("accounts:two-factor", next_url))
        return render(request, "accounts/two_factor_enrol_needed.html", status=403)
    device = otp.totp_device_for_enrolment(user=request.user)
    form = TotpEnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.totp_device_confirm(device=device, token=form.cleaned_data["token"], enrolment=enrolment)
        if codes is not None:
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            _elevate(request, device)
            return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": next_url})
        form.add_error(
            "token", "That code is not right. Make sure the app shows DiceyTech and try the newest code."
        )
    qr = qr_make(device.config_url)
    context = {
        "form": form,
        "next": next_url,
        "qr_svg": qr.svg_inline(
            border=2, dark="#0f172a", light="#ffffff", omitsize=True, svgclass="h-48 w-48"
        ),
        "secret": _grouped_secret(device),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=setting_rate("ACCOUNTS_TWO_FACTOR_RATE"), method="POST", block=True)
def two_factor_enrol(request: HttpRequest, token: str) -> HttpResponse:
    """An enrolment link: the staff account it was issued for confirms with a button (link
    checkers and previews only GET), and this session may then set up an authenticator."""
    _staff_only(request)
    enrolment = otp.staff_enrolment_find(user=request.user, token=token)
    if enrolment is not None and request.method == "POST":
        enrolment = otp.staff_enrolment_claim(user=request.user, token=token)
        if enrolment is not None:
            request.session[ENROLMENT_SESSION_KEY] = enrolment.pk
            return redirect(_with_next("accounts:two-factor-setup", reverse("staff:index")))
    status = 200 if enrolment is not None else 404
    return render(request, "accounts/two_factor_enrol.html", {"enrolment": enrolment}, status=status)


def _grouped_secret(device) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@staff_required
@require_POST
def recovery_codes_regenerate(request: HttpRequest) -> HttpResponse:
    codes = otp.recovery_codes_replace(user=request.user)
    return render(
        request, "accounts/recovery_codes.html", {"codes": codes, "next": reverse("accounts:settings")}
    )


# --- Staff index --------------------------------------------------------------------------


STAFF_AREAS = [  # (title, URL name, what is there)
    ("Events", "events_staff:event-list", "Registrations, applications, check-in and exports for OTEI."),
    ("Jobs", "jobs_staff:queue", "Review job posts and employers."),
    ("Moderation", "community_staff:queue", "Reported posts and comments in the community feed."),
    ("AI mentor", "mentor_staff:dashboard", "The mentor's backends and its interaction log."),
    (
        "Career quiz",
        "careers_staff:overview",
        "Results per track and version; item statistics to find weak items.",
    ),
    ("Mail", "mailer_staff:outbox-list", "The email outbox: what was sent, what is stuck, what failed."),
    ("Staff two-factor", "staff:two-factor", "Enrolment links for staff who have no authenticator yet."),
    ("Admin", "admin:index", "Django's admin for everything else."),
]


@staff_required
@require_safe
def staff_index(request: HttpRequest) -> HttpResponse:
    areas = [(title, reverse(name), about) for title, name, about in STAFF_AREAS]
    return render(request, "accounts/staff_index.html", {"areas": areas})
