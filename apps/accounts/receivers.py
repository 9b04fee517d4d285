"""Reactions to Django's and allauth's events that have no adapter hook (connected in
AccountsConfig.ready). Each one only hands over to a service or helper."""

from __future__ import annotations

from django.db import transaction

from apps.accounts.backends import user_cache_forget, users_cache_forget
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


def _forget_after_commit(pks) -> None:
    pks = list(pks)
    users_cache_forget(pks)
    transaction.on_commit(lambda: users_cache_forget(pks), robust=True)


def member_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A member's groups or own permissions changed (from either side of the relation): their
    cached permissions are read afresh."""
    if reverse and action == "pre_clear":
        # A group or permission losing all its members: after the clear nobody is left to name.
        instance._members_before_clear = list(instance.user_set.values_list("pk", flat=True))
    elif action.startswith("post_"):
        if not reverse:
            _forget_after_commit([instance.pk])
        else:
            _forget_after_commit(pk_set or getattr(instance, "_members_before_clear", []))


def group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """A group's permissions changed (from either side): every member of the group is read
    afresh."""
    if reverse and action == "pre_clear":
        instance._groups_before_clear = list(instance.group_set.values_list("pk", flat=True))
    elif action.startswith("post_"):
        from django.contrib.auth import get_user_model

        groups = [instance.pk] if not reverse else (pk_set or getattr(instance, "_groups_before_clear", []))
        members = get_user_model().objects.filter(groups__in=groups).values_list("pk", flat=True)
        _forget_after_commit(members)
