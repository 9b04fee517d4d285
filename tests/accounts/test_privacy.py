from __future__ import annotations

import json
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import SESSION_KEY, get_user_model
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import DELETED_MEMBER
from apps.accounts.services import member_data_export
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_download_my_data_is_a_json_attachment_with_every_app(member_client):
    user = member_client.user

    response = member_client.post(reverse("accounts:data-export"))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["accounts"]["email"] == user.email
    assert data["accounts"]["handle"] == user.handle
    assert data["accounts"]["email_addresses"] == [{"email": user.email, "verified": True, "primary": True}]
    from django.apps import apps

    for config in apps.get_app_configs():
        if config.name.startswith("apps.") and config.module.__spec__ and _has_privacy(config.name):
            assert config.label in data


def _has_privacy(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(f"{name}.privacy") is not None


def test_download_needs_post(member_client):
    assert member_client.get(reverse("accounts:data-export")).status_code == 405


def test_download_needs_login(client):
    response = client.post(reverse("accounts:data-export"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_export_never_contains_second_factor_secrets(staff_user):
    device = TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)

    data = json.dumps(member_data_export(user=staff_user), default=str)

    assert device.key not in data
    assert "authenticator app: phone" in data


def test_export_contains_only_my_data(member_client):
    other = UserFactory(email="someone-else@example.com")

    data = member_client.post(reverse("accounts:data-export")).content.decode()

    assert other.email not in data
    assert other.handle not in data


def test_delete_with_password_anonymises_and_logs_out(member_client):
    user = member_client.user
    pk = user.pk

    response = member_client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert SESSION_KEY not in member_client.session
    user = get_user_model().objects.get(pk=pk)
    assert user.deleted_at is not None
    assert user.display_name == DELETED_MEMBER
    assert str(user) == DELETED_MEMBER
    assert user.email.endswith("@deleted.invalid")
    assert not user.is_active
    assert not user.has_usable_password()
    assert user.first_name == user.last_name == ""
    assert not EmailAddress.objects.filter(user=user).exists()


def test_deleted_member_cannot_log_in_again(client, user):
    email = user.email
    client.force_login(user)
    client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})

    assert SESSION_KEY not in client.session
    assert response.status_code == 200


def test_delete_with_wrong_password_keeps_account_and_shows_error(member_client):
    response = member_client.post(reverse("accounts:delete"), {"password": "not-it", "confirm": "on"})

    assert response.status_code == 200
    assert b"That is not your password" in response.content
    member_client.user.refresh_from_db()
    assert member_client.user.deleted_at is None


def test_delete_without_confirmation_keeps_account(member_client):
    response = member_client.post(reverse("accounts:delete"), {"password": PASSWORD})

    assert response.status_code == 200
    member_client.user.refresh_from_db()
    assert member_client.user.is_active


def test_delete_calls_every_apps_eraser_before_anonymising(member_client, monkeypatch):
    from apps.accounts import services

    seen = []

    class FakeModule:
        @staticmethod
        def erase_member_data(user):
            seen.append((user.handle, user.email))

    real = services.app_modules
    monkeypatch.setattr(services, "app_modules", lambda name: [("fakeapp", FakeModule), *real(name)])
    handle, email = member_client.user.handle, member_client.user.email

    member_client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    assert seen == [(handle, email)]


def test_passwordless_member_must_reauthenticate_with_github(client, github_app, fake_github):
    from tests.accounts.test_github import github_round_trip

    github_round_trip(client, fake_github)
    user = get_user_model().objects.get(email="octo@example.com")
    # The GitHub login is no longer fresh.
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] = time.time() - 3600
    session.save()

    page = client.get(reverse("accounts:delete"))
    assert b"Confirm with GitHub" in page.content
    refused = client.post(reverse("accounts:delete"), {"confirm": "on"})
    assert refused.status_code == 200
    user.refresh_from_db()
    assert user.deleted_at is None

    back = github_round_trip(client, fake_github, next_url=reverse("accounts:delete"))
    assert back["Location"] == reverse("accounts:delete")
    assert b"Confirm with GitHub" not in client.get(reverse("accounts:delete")).content
    client.post(reverse("accounts:delete"), {"confirm": "on"})

    user.refresh_from_db()
    assert user.deleted_at is not None
    assert not SocialAccount.objects.filter(user=user).exists()


def test_others_foreign_keys_survive_deletion(member_client):
    from allauth.usersessions.models import UserSession  # noqa: F401 - any FK to the user works

    pk = member_client.user.pk
    member_client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    assert get_user_model().objects.filter(pk=pk).exists()


def test_deleting_never_collides_with_a_member_called_like_a_deleted_one(member_client):
    user = member_client.user
    UserFactory(handle=f"deleted_{user.pk}")

    member_client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})

    user.refresh_from_db()
    assert user.deleted_at is not None
    assert user.handle.startswith(f"deleted_{user.pk}_")
