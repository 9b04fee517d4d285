"""Authentication backends that read the signed-in member from the cache.

Every signed-in request loads its member, and the row rarely changes: it is kept in the
cache under its primary key and dropped whenever it is saved or deleted (receivers.py), so
most requests never ask the database who is signed in. Only the bare row is cached, with the
URL of the member's small avatar for the header (read in the same query; the profiles app
forgets the entry when the avatar changes): permissions, groups, two-factor devices and the
profile itself are still read when a request needs them.

The member's permissions (their own and their groups') are cached beside the row and read in
the same round trip: list pages ask "may this member post a job / organise a hackathon?" on
every signed-in view, two queries each time otherwise. Changing a member's groups or
permissions, or a group's permissions, forgets the entries of the members concerned
(receivers.py). Two-factor devices and the profile are still read when a request needs them."""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

USER_CACHE_SECONDS = 300


def user_cache_key(pk) -> str:
    return f"accounts:user:{pk}"


def perms_cache_key(pk) -> str:
    return f"accounts:perms:{pk}"


def user_cache_forget(pk) -> None:
    cache.delete_many([user_cache_key(pk), perms_cache_key(pk)])


def users_cache_forget(pks) -> None:
    cache.delete_many([key for pk in pks for key in (user_cache_key(pk), perms_cache_key(pk))])


def _user_load(user_id):
    """The member's row and their header avatar URL, in one query. The profile is read only
    for that URL and not kept on the user: a copy cached for minutes must never be saved."""
    user = get_user_model()._default_manager.select_related("profile").filter(pk=user_id).first()
    if user is None:
        return None
    profile = user._state.fields_cache.pop("profile", None)
    small = getattr(profile, "avatar_small", None)
    user.header_avatar_url = small.url if small else ""
    return user


class CachedUserMixin:
    def get_user(self, user_id):
        key, perms_key = user_cache_key(user_id), perms_cache_key(user_id)
        found = cache.get_many([key, perms_key])
        user = found.get(key)
        if user is None:
            user = _user_load(user_id)
            if user is None:
                return None
            cache.set(key, user, USER_CACHE_SECONDS)
        elif perms_key in found:
            # ModelBackend keeps a member's permissions in _perm_cache for the request.
            user._perm_cache = found[perms_key]
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        read_before = hasattr(user_obj, "_perm_cache")
        perms = super().get_all_permissions(user_obj, obj)
        if not read_before and obj is None and hasattr(user_obj, "_perm_cache"):
            cache.set(perms_cache_key(user_obj.pk), user_obj._perm_cache, USER_CACHE_SECONDS)
        return perms


class CachedModelBackend(CachedUserMixin, ModelBackend):
    pass


class CachedAuthenticationBackend(CachedUserMixin, AuthenticationBackend):
    pass
