"""Fixtures every test can use. App-specific fixtures live in tests/<app>/conftest.py;
fixtures that start servers live in tests/fixtures/ and are listed in pytest_plugins."""

from __future__ import annotations

import pytest
from django.core.cache import cache

pytest_plugins = [
    "tests.fixtures.browser",
    "tests.fixtures.smtp",
    "tests.fixtures.fake_llm",
    "tests.fixtures.fake_github",
    "tests.fixtures.s3",
    "tests.fixtures.fake_sentry",
]


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Hashing with the production hasher costs about a second per member created; tests
    hash with MD5 first (PBKDF2 stays listed so stored production-style hashes still verify)."""
    from django.conf import settings
    from django.contrib.auth import hashers

    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    hashers.get_hashers.cache_clear()
    hashers.get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True, scope="session")
def _page_cache_off():
    """Page tests prove what a render shows and how many queries it takes, and many of them
    change rows with QuerySet.update between two requests: they render every time. The
    page cache is proven on its own (tests/core/test_pagecache.py), with `page_cache`."""
    from django.conf import settings

    settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page_cache(settings):
    """The page cache as in production."""
    settings.PAGE_CACHE_SECONDS = 60


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters and cached fragments (shared and per process) never leak from one
    test into the next: a row made again with the same key would show the last test's card."""
    from apps.core.fragments import fragments_clear

    cache.clear()
    fragments_clear()
    yield
    cache.clear()
    fragments_clear()


@pytest.fixture
def user(db):
    from tests.accounts.factories import UserFactory

    return UserFactory()


@pytest.fixture
def member_client(client, user):
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def staff_user(db):
    from tests.accounts.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    """A staff member who has passed the second factor in this session."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    device = StaticDevice.objects.create(user=staff_user, name="test", confirmed=True)
    client.force_login(staff_user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.user = staff_user
    return client


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by a test land in its own temporary folder, never in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture
def assert_page_queries(db):
    """The pinned query count of a list page, the same at 1 and at 50 rows (tests/querycount.py)."""
    from tests.querycount import assert_page_queries

    return assert_page_queries
