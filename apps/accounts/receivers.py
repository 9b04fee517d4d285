"""Reactions to Django's and allauth's events that have no adapter hook (connected in
AccountsConfig.ready). Each one only hands over to a service or helper."""

from __future__ import annotations

from apps.accounts.middleware import session_activity_record
from apps.accounts.services import user_github_update


def github_disconnected(sender, request, socialaccount, **kwargs) -> None:
    """Disconnecting GitHub in the settings also forgets the GitHub login and avatar."""
    if socialaccount.provider == "github":
        user_github_update(user=socialaccount.user, extra_data={})


def logged_in(sender, request, user, **kwargs) -> None:
    """Every login (allauth's, the admin's, a test's force_login) starts the idle clock and
    appears in the member's session list."""
    if request is not None and hasattr(request, "session") and request.session.session_key:
        session_activity_record(request, user)
