from __future__ import annotations

import re

import pytest


@pytest.fixture
def outbox_links():
    """The links in the emails queued for an address, newest email first."""
    from apps.mailer.models import OutboxEmail

    def links(address: str) -> list[str]:
        rows = OutboxEmail.objects.filter(recipients__icontains=address).order_by("-pk")
        return [link for row in rows for link in re.findall(r"https?://\S+", row.text_body)]

    return links


@pytest.fixture
def proxy(settings):
    """One trusted proxy in front of the site: the client is the rightmost X-Forwarded-For."""
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    return settings


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
