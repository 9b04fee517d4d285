from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.contrib.sites.shortcuts import get_current_site

from apps.accounts.services import (
    allauth_email_enqueue,
    handle_generate,
    user_github_update,
    user_sessions_end_others,
)
from apps.core.client_ip import client_ip
from apps.core.next_url import is_safe_next_url


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        if not user.handle:
            user.handle = handle_generate(seed=(user.email or "").split("@")[0])
        if commit:
            user.save()
        return user

    def is_safe_url(self, url: str | None) -> bool:
        """`next` after logging in, signing up or out: a path on this site, as everywhere
        (allauth's own check lets a bare word like "-1" through as a relative URL)."""
        return is_safe_next_url(url or "", allauth_context.request)

    def get_client_ip(self, request) -> str:
        """The foundation's trusted-proxy rule, so allauth's rate limits key on the real client
        and a malformed X-Forwarded-For never becomes an error."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """The "key" of the login_failed rate limit: the account *and* the client together.
        Keyed on the account alone, five wrong passwords from anywhere would lock its owner
        out; this way failures from one address never lock out another, while one address
        guessing at one account is held by this limit and at many by the per-IP one.
        (allauth clears this key for the resetting client after a password reset.)"""
        from allauth.core.internal.ratelimit import get_ip

        return f"{super()._get_login_attempts_cache_key(request, **credentials)}:{get_ip(request)}"

    def set_password(self, user, password) -> None:
        """A changed or reset password ends every other session of the member (Django's
        session hash check would refuse them on their next request anyway; this removes
        them from the session store and the session list at once)."""
        super().set_password(user, password)
        request = allauth_context.request
        same_member = request is not None and getattr(request, "user", None) == user
        user_sessions_end_others(
            user=user, keep_session_key=request.session.session_key if same_member else None
        )

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every allauth email goes through the outbox: allauth's templates (and our overrides
        of them) are rendered here, and only the resulting strings are queued."""
        request = allauth_context.request
        ctx = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        allauth_email_enqueue(to=email, subject=message.subject, text=message.body, html=html)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        if not user.handle:
            login = sociallogin.account.extra_data.get("login") or (user.email or "").split("@")[0]
            user.handle = handle_generate(seed=login)
        if sociallogin.account.provider == "github":
            user_github_update(user=user, extra_data=sociallogin.account.extra_data)
        return user

    def pre_social_login(self, request, sociallogin):
        """An existing member (found by their GitHub account, or by a verified email) gets
        their GitHub login and avatar refreshed."""
        super().pre_social_login(request, sociallogin)
        user = sociallogin.user
        if sociallogin.account.provider == "github" and user is not None and user.pk:
            user_github_update(user=user, extra_data=sociallogin.account.extra_data)

    def get_connect_redirect_url(self, request, socialaccount) -> str:
        """Called once a member has connected a GitHub account from their settings: the
        last point where the connected account is at hand."""
        if socialaccount.provider == "github":
            user_github_update(user=socialaccount.user, extra_data=socialaccount.extra_data)
        return super().get_connect_redirect_url(request, socialaccount)
