from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def tight_limits(proxy):
    proxy.ACCOUNT_RATE_LIMITS = {
        "login": "3/m/ip",
        "login_failed": "3/m/ip",
        "signup": "3/m/ip",
        "reset_password": "3/m/ip",
    }
    return proxy


def behind_proxy(client_ip: str, spoofed: str | None = None) -> Client:
    """A browser at `client_ip` reaching us through one proxy, which appends the address it
    saw to whatever X-Forwarded-For the browser sent."""
    forwarded = f"{spoofed}, {client_ip}" if spoofed else client_ip
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


ENDPOINTS = {
    "login": ("account_login", lambda n: {"login": f"someone{n}@example.com", "password": "wrong-password"}),
    "signup": (
        "account_signup",
        lambda n: {
            "email": f"new{n}@example.com",
            "password1": "pw-long-enough-123",
            "password2": "pw-long-enough-123",
        },
    ),
    "reset": ("account_reset_password", lambda n: {"email": f"who{n}@example.com"}),
}


def _hammer(client: Client, endpoint: str, times: int) -> list[int]:
    name, data = ENDPOINTS[endpoint]
    statuses = []
    for n in range(times):
        statuses.append(client.post(reverse(name), data(n)).status_code)
        client.logout()
    return statuses


@pytest.mark.parametrize("endpoint", ["login", "signup", "reset"])
def test_limit_applies_per_client_ip(tight_limits, endpoint):
    first = behind_proxy("203.0.113.5")

    statuses = _hammer(first, endpoint, 4)

    assert 429 not in statuses[:3]
    assert statuses[3] == 429


@pytest.mark.parametrize("endpoint", ["login", "signup", "reset"])
def test_two_clients_behind_the_proxy_get_separate_buckets(tight_limits, endpoint):
    _hammer(behind_proxy("203.0.113.5"), endpoint, 4)

    other = _hammer(behind_proxy("198.51.100.7"), endpoint, 1)

    assert other != [429]


@pytest.mark.parametrize("endpoint", ["login", "signup", "reset"])
def test_spoofed_leftmost_forwarded_for_does_not_reset_the_bucket(tight_limits, endpoint):
    _hammer(behind_proxy("203.0.113.5"), endpoint, 4)

    spoofing = _hammer(behind_proxy("203.0.113.5", spoofed="192.0.2.99"), endpoint, 1)

    assert spoofing == [429]


def test_rate_limited_page_is_the_styled_429(tight_limits):
    client = behind_proxy("203.0.113.5")
    _hammer(client, "login", 3)

    response = client.post(reverse("account_login"), {"login": "x@example.com", "password": "nope"})

    assert response.status_code == 429
    assert b'id="main"' in response.content


def test_malformed_forwarded_for_falls_back_to_the_proxy_address(tight_limits):
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-ip")

    response = client.post(reverse("account_login"), {"login": "x@example.com", "password": "nope"})

    assert response.status_code == 200
