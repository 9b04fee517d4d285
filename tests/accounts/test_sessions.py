from __future__ import annotations

import time

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.accounts.middleware import LAST_SEEN_SESSION_KEY
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "another-long-passphrase-77"


def _login(user, agent="Browser A") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _is_signed_in(client) -> bool:
    return SESSION_KEY in client.session and client.get(reverse("accounts:settings")).status_code == 200


def test_settings_lists_active_sessions(user):
    first = _login(user, "Firefox on a laptop")
    _login(user, "Chrome on a phone")

    body = first.get(reverse("accounts:settings")).content.decode()

    assert "Firefox on a laptop" in body
    assert "Chrome on a phone" in body
    assert "This browser" in body


def test_log_out_of_all_other_sessions(user):
    keep = _login(user, "A")
    other = _login(user, "B")
    third = _login(user, "C")

    response = keep.post(reverse("accounts:sessions-end-others"))

    assert response.status_code == 302
    assert _is_signed_in(keep)
    assert not _is_signed_in(other)
    assert not _is_signed_in(third)
    assert UserSession.objects.filter(user=user).count() == 1


def test_ending_other_sessions_needs_post(member_client):
    assert member_client.get(reverse("accounts:sessions-end-others")).status_code == 405


def test_password_change_ends_other_sessions(user):
    mine = _login(user, "A")
    other = _login(user, "B")

    response = mine.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert _is_signed_in(mine)
    assert not _is_signed_in(other)
    body = mine.get(reverse("accounts:settings")).content.decode()
    assert body.count("This browser") == 1
    assert UserSession.objects.filter(user=user).count() == 1


def test_idle_refresh_is_rate_limited_and_pushes_expiry_forward(user, settings):
    client = _login(user)
    client.get(reverse("accounts:settings"))
    key = client.session.session_key
    first_expiry = Session.objects.get(session_key=key).expire_date

    # Within the refresh interval, a request writes nothing and sets no cookie.
    response = client.get(reverse("accounts:settings"))
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert Session.objects.get(session_key=key).expire_date == first_expiry

    # After the interval the expiry moves forward again.
    session = client.session
    session[LAST_SEEN_SESSION_KEY] = int(time.time()) - settings.SESSION_REFRESH_INTERVAL - 1
    session.save()
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timezone.timedelta(hours=1))
    response = client.get(reverse("accounts:settings"))

    assert settings.SESSION_COOKIE_NAME in response.cookies
    new_expiry = Session.objects.get(session_key=key).expire_date
    assert new_expiry > timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_idle_session_expires(user, settings):
    client = _login(user)
    client.get(reverse("accounts:settings"))
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    from django.core.cache import cache

    cache.clear()  # the cached_db backend would otherwise still hold it

    response = client.get(reverse("accounts:settings"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_staff_session_gets_the_shorter_idle_timeout(staff_client, settings):
    staff_client.get(reverse("staff:index"))

    assert staff_client.session.get_expiry_age() == settings.STAFF_SESSION_IDLE_TIMEOUT


def test_member_session_gets_the_member_idle_timeout(member_client, settings):
    member_client.get(reverse("accounts:settings"))

    assert member_client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_session_list_drops_sessions_that_no_longer_exist(user):
    mine = _login(user, "Still here")
    gone = _login(user, "Gone away")
    Session.objects.filter(session_key=gone.session.session_key).delete()

    body = mine.get(reverse("accounts:settings")).content.decode()

    assert "Still here" in body
    assert "Gone away" not in body
    assert UserSession.objects.filter(user=user).count() == 1


def test_sessions_page_of_allauth_redirects_to_settings(member_client):
    response = member_client.get("/accounts/sessions/")

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:settings") + "#sessions"


def test_sessions_list_shows_only_my_sessions(user):
    stranger = UserFactory()
    _login(stranger, "Stranger's browser")
    mine = _login(user, "My browser")

    body = mine.get(reverse("accounts:settings")).content.decode()

    assert "My browser" in body
    assert "Stranger" not in body


def test_settings_page_needs_login(client):
    response = client.get(reverse("accounts:settings"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_ending_other_sessions_over_htmx_swaps_the_sessions_partial(user):
    keep = _login(user, "Keeper")
    other = _login(user, "Other one")

    response = keep.post(reverse("accounts:sessions-end-others"), HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="sessions"')
    assert "<html" not in body
    assert "Keeper" in body and "Other one" not in body
    assert "Signed out of 1 other session" in body  # the toast, out of band
    assert not _is_signed_in(other)


def _make_sessions(user, count: int) -> None:
    expires = timezone.now() + timezone.timedelta(days=1)
    numbers = range(
        UserSession.objects.filter(user=user).count(), UserSession.objects.filter(user=user).count() + count
    )
    Session.objects.bulk_create(
        Session(session_key=f"k{user.pk}-{n}", session_data="", expire_date=expires) for n in numbers
    )
    UserSession.objects.bulk_create(
        UserSession(user=user, ip="192.0.2.1", user_agent=f"Agent {n}", session_key=f"k{user.pk}-{n}")
        for n in numbers
    )


def test_settings_page_query_count_does_not_grow_with_sessions(member_client, assert_page_queries):
    def add_sessions(n):
        return _make_sessions(member_client.user, n)

    # The session list and which of those sessions still exist (the user and this request's
    # own session come from the cache; the login already stamped it, so nothing is written).
    page = assert_page_queries(member_client, reverse("accounts:settings"), add_rows=add_sessions, expected=2)
    assert page.first.content.decode().count("Agent ") == 1
    assert page.response.content.decode().count("Agent ") == 50


def test_session_without_remember_me_stays_a_browser_session(user, settings):
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.session.get_expire_at_browser_close()

    response = client.get(reverse("accounts:settings"))

    assert client.session.get_expire_at_browser_close()
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"]


def test_session_with_remember_me_is_persistent(user, settings):
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, "remember": "on"})

    response = client.get(reverse("accounts:settings"))

    assert not client.session.get_expire_at_browser_close()
    assert int(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"]) == settings.SESSION_COOKIE_AGE


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox on Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Version/17.5 Mobile Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0",
            "Edge on Windows",
        ),
        ("curl/8.0", "Unknown browser"),
        ("", "Unknown browser"),
    ],
)
def test_browser_label(agent, label):
    from apps.accounts.templatetags.accounts_tags import browser_label

    assert browser_label(agent) == label


def test_sessions_not_started_by_allauth_are_listed_too(member_client):
    """member_client logs in with force_login (as the admin's own login form would, outside
    allauth): its first request records the session."""
    body = member_client.get(reverse("accounts:settings")).content.decode()

    assert "This browser" in body
