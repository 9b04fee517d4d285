"""The signed-in member is read through the cache (apps.accounts.backends), and every change
to their row is seen by their next request."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db
SETTINGS_PAGE = reverse("account_email")


def test_a_signed_in_request_reads_the_member_from_the_cache(member_client, django_assert_num_queries):
    member_client.get(SETTINGS_PAGE)
    request = RequestFactory().get(SETTINGS_PAGE)
    with django_assert_num_queries(0):
        # The session and the member both come from the cache: nothing asks who is signed in.
        request.session = member_client.session
        assert get_user(request).pk == member_client.user.pk


def test_a_deactivated_member_is_signed_out_at_their_next_request(member_client):
    assert member_client.get(SETTINGS_PAGE).status_code == 200

    member = member_client.user
    member.is_active = False
    member.save()

    response = member_client.get(SETTINGS_PAGE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_new_password_signs_out_the_member_s_other_sessions(member_client):
    assert member_client.get(SETTINGS_PAGE).status_code == 200

    member = member_client.user
    member.set_password("a whole new secret 2026")
    member.save()

    assert member_client.get(SETTINGS_PAGE).status_code == 302


def test_a_changed_handle_shows_on_the_next_page(member_client):
    member_client.get(SETTINGS_PAGE)
    member = member_client.user
    member.handle = "renamed_member"
    member.save()

    assert "@renamed_member" in member_client.get(SETTINGS_PAGE).content.decode()
