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


# Permissions are cached beside the member: changing them from any side is seen at once.
EMPLOYER_PAGE = reverse("jobs:job-mine")


@pytest.fixture
def post_job():
    from django.contrib.auth.models import Permission

    return Permission.objects.get(codename="post_job", content_type__app_label="jobs")


@pytest.fixture
def employers(post_job):
    from django.contrib.auth.models import Group

    group = Group.objects.create(name="Test employers")
    group.permissions.add(post_job)
    return group


def test_a_member_s_permissions_are_read_once_then_from_the_cache(
    member_client, post_job, django_assert_num_queries
):
    member_client.user.user_permissions.add(post_job)
    assert member_client.get(EMPLOYER_PAGE).status_code == 200
    request = RequestFactory().get(EMPLOYER_PAGE)
    request.session = member_client.session
    with django_assert_num_queries(0):
        assert get_user(request).has_perm("jobs.post_job")


@pytest.mark.parametrize("side", ["member", "group"])
def test_joining_and_leaving_a_group_changes_the_next_request(member_client, employers, side):
    member = member_client.user
    assert member_client.get(EMPLOYER_PAGE).status_code == 403

    member.groups.add(employers) if side == "member" else employers.user_set.add(member)
    assert member_client.get(EMPLOYER_PAGE).status_code == 200

    member.groups.remove(employers) if side == "member" else employers.user_set.remove(member)
    assert member_client.get(EMPLOYER_PAGE).status_code == 403


def test_a_group_cleared_of_its_members_changes_their_next_request(member_client, employers):
    employers.user_set.add(member_client.user)
    assert member_client.get(EMPLOYER_PAGE).status_code == 200
    employers.user_set.clear()
    assert member_client.get(EMPLOYER_PAGE).status_code == 403


@pytest.mark.parametrize("side", ["group", "permission", "permission-cleared"])
def test_a_permission_taken_from_a_group_is_gone_at_its_members_next_request(
    member_client, employers, post_job, side
):
    employers.user_set.add(member_client.user)
    assert member_client.get(EMPLOYER_PAGE).status_code == 200

    if side == "group":
        employers.permissions.remove(post_job)
    elif side == "permission":
        post_job.group_set.remove(employers)
    else:
        post_job.group_set.clear()
    assert member_client.get(EMPLOYER_PAGE).status_code == 403


def test_a_permission_taken_from_the_member_is_gone_at_their_next_request(member_client, post_job):
    member_client.user.user_permissions.add(post_job)
    assert member_client.get(EMPLOYER_PAGE).status_code == 200
    post_job.user_set.remove(member_client.user)
    assert member_client.get(EMPLOYER_PAGE).status_code == 403
