from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

from apps.accounts.services import handle_generate


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        if not user.handle:
            user.handle = handle_generate(seed=(user.email or "").split("@")[0])
        return super().save_user(request, user, form, commit=commit)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if not user.handle:
            login = sociallogin.account.extra_data.get("login") or (user.email or "").split("@")[0]
            user.handle = handle_generate(seed=login)
        return user
