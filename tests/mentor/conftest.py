from __future__ import annotations

import json

import pytest
from django.test import Client

from apps.mentor.services import token_create
from tests.accounts.factories import UserFactory

API = "/api/mentor/v1"


@pytest.fixture(autouse=True)
def _mentor_offline(settings):
    """Tests use the offline brain unless they start the fake LLM."""
    settings.MENTOR_BACKEND = "local"
    settings.MENTOR_RATE_PER_MINUTE = 1000
    settings.MENTOR_RATE_PER_DAY = 10000
    # Factory members get a password; the production hasher would make every test slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class ApiClient:
    """The Django test client speaking JSON with a bearer token."""

    def __init__(self, token: str | None) -> None:
        self.client = Client()
        self.token = token

    def _headers(self, extra: dict | None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return headers | (extra or {})

    def get(self, path: str, headers: dict | None = None):
        return self.client.get(API + path, headers=self._headers(headers))

    def post(self, path: str, data=None, *, raw: str | bytes | None = None, headers: dict | None = None):
        body = raw if raw is not None else json.dumps(data)
        return self.client.post(
            API + path, body, content_type="application/json", headers=self._headers(headers)
        )

    def patch(self, path: str, data=None, *, raw: str | None = None):
        body = raw if raw is not None else json.dumps(data)
        return self.client.patch(
            API + path, body, content_type="application/json", headers=self._headers(None)
        )

    def delete(self, path: str):
        return self.client.delete(API + path, headers=self._headers(None))


@pytest.fixture
def member(db):
    return UserFactory(first_name="Ada", last_name="Obi")


@pytest.fixture
def api(member):
    _, plain = token_create(member=member, name="tests")
    client = ApiClient(plain)
    client.member = member
    return client


@pytest.fixture
def other_api(db):
    other = UserFactory()
    _, plain = token_create(member=other, name="other")
    client = ApiClient(plain)
    client.member = other
    return client


def assert_error(response, status: int, code: str, field: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    if field is not None:
        assert field in body["error"]["fields"], body
    return body
