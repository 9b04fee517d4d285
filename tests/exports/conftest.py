from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _export_settings(settings):
    settings.EXPORT_LEASE_SECONDS = 300
    settings.EXPORT_MAX_ATTEMPTS = 3
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def event(db):
    from tests.events.factories import EventFactory

    return EventFactory()
