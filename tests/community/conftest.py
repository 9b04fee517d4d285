from __future__ import annotations

import pytest

from tests.accounts.factories import UserFactory


@pytest.fixture
def other(db):
    return UserFactory(handle="ada")


@pytest.fixture
def other_client(client, other):
    from django.test import Client

    c = Client()
    c.force_login(other)
    c.user = other
    return c


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Tests create many members; the real hasher would spend seconds on each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def anon():
    """A separate browser: `client` is the same object as member_client and staff_client."""
    from django.test import Client

    return Client()
