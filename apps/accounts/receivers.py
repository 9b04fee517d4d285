"""Reactions to Django's and allauth's events that have no adapter hook (connected in
AccountsConfig.ready). Each one only hands over to a service or helper."""

from __future__ import annotations

from django.db import transaction

from apps.accounts.backends import user_cache_forget
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


def user_changed(sender, instance, **kwargs) -> None:
    """A saved or deleted member is read afresh by the next request: at once, and again after
    commit (a request that cached the old row before the commit is corrected too)."""
    user_cache_forget(instance.pk)
    transaction.on_commit(lambda: user_cache_forget(instance.pk), robust=True)
