from __future__ import annotations

import pytest
from django.test import Client

from tests.jobs.factories import make_employer


@pytest.fixture
def employer(db):
    return make_employer()


@pytest.fixture
def employer_client(employer):
    client = Client()
    client.force_login(employer)
    client.user = employer
    return client


@pytest.fixture
def other_client(db):
    """A second logged-in member, to prove others are kept out."""
    from tests.accounts.factories import UserFactory

    member = UserFactory()
    client = Client()
    client.force_login(member)
    client.user = member
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories create many members; the production hasher would take most of the run."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
