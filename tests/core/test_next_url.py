"""`next` is followed only when it is a path on this site; anything else falls back."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.test import RequestFactory
from django.urls import reverse

from apps.core.next_url import is_safe_next_url, safe_next_url
from tests.accounts.factories import UserFactory
from tests.community.factories import TagFactory
from tests.jobs.factories import JobFactory

HOSTILE = [
    "-1",
    "feed",
    "community:feed",
    "//evil.com",
    "///evil.com",
    "https://evil.com",
    "http://testserver.evil.com/",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "\\\\evil.com",
    "/\\evil.com",
    "/\\/evil.com",
    "/\t/evil.com",
    "/feed/\x00",
    "/feed/\r\nSet-Cookie: a=b",
    "data:text/html,<script>alert(1)</script>",
    "/" + "a" * 3000,
    "",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_next_values_are_refused(value):
    request = RequestFactory().post("/", {"next": value})
    assert not is_safe_next_url(value, request)
    assert safe_next_url(request, "/fallback/") == "/fallback/"


@pytest.mark.parametrize("value", ["/", "/feed/", "/jobs/?q=python&page=2", "/u/ada/#projects"])
def test_local_paths_are_followed(value):
    assert safe_next_url(RequestFactory().get("/", {"next": value}), "/fallback/") == value


def test_post_body_next_wins_over_the_query_string():
    request = RequestFactory().post("/?next=/jobs/", {"next": "/feed/"})
    assert safe_next_url(request, "/fallback/") == "/feed/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["-1", "//evil.com", "https://evil.com", "javascript:alert(1)", "\\\\evil.com"]
)
def test_follow_mute_and_save_fall_back_on_a_hostile_next(member_client, value):
    UserFactory(handle="alice")
    TagFactory(name="python")
    job = JobFactory()
    for url, fallback in (
        ("/members/alice/follow/", "/u/alice/"),
        ("/members/alice/mute/", "/u/alice/"),
        ("/tags/python/follow/", "/tags/python/"),
        ("/tags/python/mute/", "/tags/python/"),
        (reverse("jobs:job-save", args=[job.pk]), job.get_absolute_url()),
    ):
        response = member_client.post(url, {"on": "1", "next": value})
        assert response.status_code == 302, url
        assert response["Location"] == fallback, url
        response = member_client.post(f"{url}?next={value}", {"on": "1"})
        assert response["Location"] == fallback, url


@pytest.mark.django_db
def test_follow_goes_back_to_a_local_next(member_client):
    UserFactory(handle="alice")
    response = member_client.post("/members/alice/follow/", {"on": "1", "next": "/feed/?tab=following"})
    assert response["Location"] == "/feed/?tab=following"


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["-1", "//evil.com", "https://evil.com", "javascript:alert(1)"])
def test_login_ignores_a_hostile_next(client, value):
    user = UserFactory(email="ada@example.com")
    user.set_password("correct horse battery")
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        f"{reverse('account_login')}?next={value}",
        {"login": "ada@example.com", "password": "correct horse battery", "next": value},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_login_follows_a_local_next(client):
    user = UserFactory(email="ada@example.com")
    user.set_password("correct horse battery")
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    response = client.post(
        reverse("account_login"),
        {"login": "ada@example.com", "password": "correct horse battery", "next": "/jobs/"},
    )
    assert response["Location"] == "/jobs/"
