from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from tests.accounts.factories import UserFactory


@pytest.fixture
def organiser(db):
    """A member holding hackathons.organise_hackathon (not staff)."""
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="organise_hackathon"))
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    client.user = organiser
    return client


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Factories set a password for every member; the production hasher would make each
    one take a noticeable fraction of a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
