from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def github_round_trip(client, fake_github, next_url: str | None = None):
    """Press "Continue with GitHub", approve on the fake GitHub, come back."""
    url = reverse("github_login") + (f"?next={next_url}" if next_url else "")
    start = client.post(url)
    assert start.status_code == 302, start
    authorize = urlparse(start["Location"])
    assert start["Location"].startswith(fake_github.url + "/login/oauth/authorize")
    query = {k: v[0] for k, v in parse_qs(authorize.query).items()}
    callback = fake_github.approve(redirect_uri=query["redirect_uri"], state=query["state"])
    return client.get(callback.split("testserver", 1)[1])


def test_github_login_creates_member_with_login_and_avatar(client, github_app, fake_github):
    response = github_round_trip(client, fake_github)

    assert response.status_code == 302
    user = get_user_model().objects.get(email="octo@example.com")
    assert client.session[SESSION_KEY] == str(user.pk)
    assert user.github_login == "octo-dev"
    assert user.avatar_url == fake_github.user.avatar_url
    assert user.handle == "octo_dev"
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user).uid == "4242"
    assert "POST /login/oauth/access_token" in fake_github.requests
    assert "GET /api/v3/user/emails" in fake_github.requests


def test_github_login_again_refreshes_avatar_without_duplicates(client, github_app, fake_github):
    github_round_trip(client, fake_github)
    client.logout()
    fake_github.user.avatar_url = f"{fake_github.url}/avatars/u/4242.png?v=5"
    fake_github.user.login = "octo-renamed"

    github_round_trip(client, fake_github)

    user = get_user_model().objects.get(email="octo@example.com")
    assert user.avatar_url.endswith("v=5")
    assert user.github_login == "octo-renamed"
    assert get_user_model().objects.count() == 1


def test_github_verified_email_connects_to_existing_member(client, github_app, fake_github):
    member = UserFactory(email="octo@example.com")

    response = github_round_trip(client, fake_github)

    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(member.pk)
    assert get_user_model().objects.filter(email__iexact="octo@example.com").count() == 1
    assert SocialAccount.objects.get(provider="github").user == member
    member.refresh_from_db()
    assert member.github_login == "octo-dev"
    assert member.check_password(PASSWORD)


def test_github_unverified_email_never_connects_to_existing_member(client, github_app, fake_github):
    member = UserFactory(email="octo@example.com")
    fake_github.user.emails = [{"email": "octo@example.com", "primary": True, "verified": False}]

    github_round_trip(client, fake_github)

    assert client.session.get(SESSION_KEY) != str(member.pk)
    assert not SocialAccount.objects.filter(user=member).exists()
    assert get_user_model().objects.filter(email__iexact="octo@example.com").count() == 1


def test_github_login_button_posts_to_provider(client, github_app, fake_github):
    body = client.get(reverse("account_login")).content.decode()

    assert f'action="{reverse("github_login")}' in body
    assert "Continue with GitHub" in body
    assert f'href="{reverse("account_reset_password")}"' in body


def test_github_login_by_get_shows_a_confirm_page_and_does_not_redirect(client, github_app, fake_github):
    response = client.get(reverse("github_login"))

    assert response.status_code == 200
    assert b"Continue with GitHub" in response.content
    assert fake_github.requests == []


def test_github_callback_with_forged_state_is_refused(client, github_app, fake_github):
    callback = fake_github.approve(
        redirect_uri="http://testserver/accounts/github/login/callback/", state="forged"
    )

    response = client.get(callback.split("testserver", 1)[1])

    assert SESSION_KEY not in client.session
    assert b"Could not sign you in" in response.content


def test_member_connects_github_from_settings(member_client, github_app, fake_github):
    fake_github.user.emails = [{"email": "elsewhere@example.com", "primary": True, "verified": True}]
    start = member_client.post(reverse("github_login") + "?process=connect")
    query = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    callback = fake_github.approve(redirect_uri=query["redirect_uri"], state=query["state"])

    response = member_client.get(callback.split("testserver", 1)[1])

    assert response.status_code == 302
    member = member_client.user
    assert SocialAccount.objects.get(provider="github").user == member
    member.refresh_from_db()
    assert member.github_login == "octo-dev"
    page = member_client.get(reverse("socialaccount_connections")).content.decode()
    assert "octo-dev" in page


def test_hostile_github_profile_is_neutralised(client, github_app, fake_github):
    fake_github.user.login = "<script>alert(1)</script>"
    fake_github.user.avatar_url = "javascript:alert(1)"

    github_round_trip(client, fake_github)

    user = get_user_model().objects.get(email="octo@example.com")
    assert user.handle == "script_alert_1_script"
    assert user.avatar_url == ""
    body = client.get(reverse("accounts:settings")).content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "javascript:" not in body


def test_disconnecting_github_forgets_login_and_avatar(member_client, github_app, fake_github):
    fake_github.user.emails = [{"email": "elsewhere@example.com", "primary": True, "verified": True}]
    start = member_client.post(reverse("github_login") + "?process=connect")
    query = {k: v[0] for k, v in parse_qs(urlparse(start["Location"]).query).items()}
    member_client.get(
        fake_github.approve(redirect_uri=query["redirect_uri"], state=query["state"]).split("testserver", 1)[
            1
        ]
    )
    account = SocialAccount.objects.get(user=member_client.user)

    response = member_client.post(reverse("socialaccount_connections"), {"account": account.pk})

    assert response.status_code == 302
    assert not SocialAccount.objects.filter(pk=account.pk).exists()
    member_client.user.refresh_from_db()
    assert member_client.user.github_login == ""
    assert member_client.user.avatar_url == ""


def test_github_login_and_callback_answer_404_when_github_is_not_set_up(client):
    for url in (
        reverse("github_login"),
        reverse("github_callback") + "?code=abc&state=xyz",
    ):
        get = client.get(url)
        post = client.post(url)

        assert get.status_code == 404, url
        assert post.status_code == 404, url
        assert b"Page not found" in get.content


def test_login_page_offers_no_github_button_when_github_is_not_set_up(client):
    body = client.get(reverse("account_login")).content.decode()

    assert "Continue with GitHub" not in body
