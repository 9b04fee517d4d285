"""Reactions to allauth's events that have no adapter hook (connected in AccountsConfig)."""

from __future__ import annotations

from apps.accounts.services import user_github_update


def github_disconnected(sender, request, socialaccount, **kwargs) -> None:
    """Disconnecting GitHub in the settings also forgets the GitHub login and avatar."""
    if socialaccount.provider == "github":
        user_github_update(user=socialaccount.user, extra_data={})
