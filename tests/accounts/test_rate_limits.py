from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

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


# --- Failed logins: per account and address together ----------------------------------------

TOO_MANY = b"Too many failed login attempts"


def _login(client: Client, email: str, password: str):
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    client.logout()
    return response


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(proxy):
    owner = UserFactory(email="owner@example.com")
    attacker = behind_proxy("198.51.100.66")
    for _ in range(8):
        _login(attacker, owner.email, "guess")

    response = _login(behind_proxy("203.0.113.5"), owner.email, PASSWORD)

    assert response.status_code == 302
    assert TOO_MANY in _login(attacker, owner.email, PASSWORD).content


def test_one_address_guessing_one_account_is_stopped_after_five_failures(proxy):
    owner = UserFactory(email="owner@example.com")
    attacker = behind_proxy("198.51.100.66")
    failures = [_login(attacker, owner.email, "guess") for _ in range(5)]

    sixth = _login(attacker, owner.email, PASSWORD)

    assert all(TOO_MANY not in response.content for response in failures)
    assert sixth.status_code == 200
    assert TOO_MANY in sixth.content


def test_one_address_guessing_many_accounts_is_stopped(proxy):
    victims = [UserFactory() for _ in range(11)]
    attacker = behind_proxy("198.51.100.66")
    failures = [_login(attacker, victim.email, "guess") for victim in victims[:10]]

    eleventh = _login(attacker, victims[10].email, PASSWORD)

    assert all(TOO_MANY not in response.content for response in failures)
    assert TOO_MANY in eleventh.content


def test_owner_logging_in_keeps_their_own_failures_counted(proxy):
    """A right password in between does not wipe the count of wrong ones (allauth rolls the
    successful attempt back, it does not reset the bucket)."""
    owner = UserFactory(email="owner@example.com")
    browser = behind_proxy("203.0.113.5")
    for _ in range(4):
        _login(browser, owner.email, "typo")

    assert _login(browser, owner.email, PASSWORD).status_code == 302
    _login(browser, owner.email, "typo")
    assert TOO_MANY in _login(browser, owner.email, PASSWORD).content
