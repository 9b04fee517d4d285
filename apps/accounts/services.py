"""Writes for accounts: handles, GitHub details, sessions, allauth mail, data export and
account deletion. Two-factor writes live in apps/accounts/two_factor.py."""

from __future__ import annotations

import logging
import re
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.core.discovery import app_modules

logger = logging.getLogger(__name__)

_NOT_HANDLE = re.compile(r"[^A-Za-z0-9_]+")


def handle_generate(*, seed: str) -> str:
    """A free handle derived from `seed` (an email's local part, a GitHub login…)."""
    User = get_user_model()
    base = _NOT_HANDLE.sub("_", seed).strip("_")[:24] or "member"
    if len(base) < 2:
        base = f"{base}_member"
    candidate = base
    while User.objects.filter(handle__iexact=candidate).exists():
        candidate = f"{base}_{secrets.randbelow(10_000):04d}"
    return candidate


def user_github_update(*, user, extra_data: dict[str, Any]) -> None:
    """Copy the GitHub login and avatar from GitHub's /user answer onto the account."""
    login = str(extra_data.get("login") or "")[:39]
    avatar = str(extra_data.get("avatar_url") or "")
    if not avatar.startswith("https://") and not avatar.startswith("http://"):
        avatar = ""
    avatar = avatar[:500]
    if (user.github_login, user.avatar_url) == (login, avatar):
        return
    user.github_login, user.avatar_url = login, avatar
    if user.pk:
        user.save(update_fields=["github_login", "avatar_url"])


# --- Mail ---------------------------------------------------------------------------------


@transaction.atomic
def allauth_email_enqueue(*, to: str, subject: str, text: str, html: str = "") -> None:
    """Put one of allauth's emails (already rendered) through the outbox. Each send is its
    own email, so the key is unique per call."""
    from apps.mailer.services import email_enqueue

    email_enqueue(
        to=to,
        template="accounts/allauth",
        context={"subject": subject, "text": text, "html": html},
        key=f"accounts:allauth:{uuid.uuid4()}",
    )


# --- Sessions -----------------------------------------------------------------------------


def user_session_touch(*, user, session_key: str, ip: str, user_agent: str) -> None:
    """Record that a signed-in session was just used (called at most once per
    SESSION_REFRESH_INTERVAL by SessionIdleMiddleware). Sessions allauth did not record at
    login (the admin's login form, for one) are added, so the session list is complete."""
    from allauth.usersessions.models import UserSession

    if not session_key:
        return
    values = {"last_seen_at": timezone.now(), "ip": ip, "user_agent": user_agent[:200]}
    if UserSession.objects.filter(session_key=session_key, user=user).update(**values):
        return
    try:
        with transaction.atomic():
            UserSession.objects.update_or_create(session_key=session_key, defaults={"user": user, **values})
    except IntegrityError:
        logger.info("user_session_touch: session %s… recorded concurrently", session_key[:6])


def user_session_rekey(*, old_key: str | None, new_key: str | None) -> None:
    """Follow a session whose key was cycled (on passing the second factor)."""
    from allauth.usersessions.models import UserSession

    if old_key and new_key and old_key != new_key:
        UserSession.objects.filter(session_key=old_key).update(session_key=new_key)


def user_sessions_active(*, user) -> list:
    """The member's sessions that still exist, newest activity first. Rows whose session
    is gone (expired, or its key cycled at a password change) are dropped on the way; two
    queries whatever the number of sessions."""
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    sessions = list(UserSession.objects.filter(user=user).order_by("-last_seen_at"))
    if not settings.SESSION_ENGINE.endswith(("sessions.backends.db", "sessions.backends.cached_db")):
        return sessions
    alive = set(
        Session.objects.filter(
            session_key__in=[s.session_key for s in sessions], expire_date__gt=timezone.now()
        ).values_list("session_key", flat=True)
    )
    stale = [s.pk for s in sessions if s.session_key not in alive]
    if stale:
        UserSession.objects.filter(pk__in=stale).delete()
    return [s for s in sessions if s.session_key in alive]


def user_sessions_end_others(*, user, keep_session_key: str | None) -> int:
    """End every session of `user` except the one with `keep_session_key`: the session
    store rows go, so those browsers are signed out on their next request."""
    from allauth.usersessions.models import UserSession

    ended = 0
    for user_session in UserSession.objects.filter(user=user).exclude(session_key=keep_session_key or ""):
        user_session.end()
        ended += 1
    return ended


# --- Privacy ------------------------------------------------------------------------------


def member_data_export(*, user) -> dict[str, Any]:
    """Everything the site holds about `user`: each app's `export_member_data(user)` under
    its label, the account's own part first."""
    data: dict[str, Any] = {
        "exported_at": timezone.now().isoformat(),
        "site": settings.SITE_URL,
    }
    for label, module in app_modules("privacy"):
        exporter = getattr(module, "export_member_data", None)
        if exporter is not None:
            data[label] = exporter(user)
    return data


@transaction.atomic
def member_delete(*, user) -> None:
    """Delete a member's account: every other app erases or anonymises what it holds first
    (they may still need the handle or email to find it), then the account's own data goes
    and the user row is anonymised in place, so others' foreign keys keep working and
    public content shows "deleted member"."""
    modules = app_modules("privacy")
    for label, module in modules:
        if label == "accounts":
            continue
        eraser = getattr(module, "erase_member_data", None)
        if eraser is not None:
            eraser(user)
    from apps.accounts import privacy

    privacy.erase_member_data(user)
