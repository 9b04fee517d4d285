"""The profile settings form's rate limit counts only saved edits, and a limited save gets the
whole page back as it was typed: fields, timeline rows and chosen skills."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.profiles.models import Profile
from tests.events.test_rate_limits import assert_form_keeps
from tests.profiles.factories import image_upload
from tests.profiles.test_views import _valid_post

pytestmark = pytest.mark.django_db

LIMIT_TEXT = "sent too many times from your account"


def test_failed_saves_are_not_counted(member_client, settings):
    settings.PROFILES_WRITE_RATE = "1/h"
    url = reverse("profiles:edit")
    for _ in range(3):
        response = member_client.post(url, _valid_post(github_url="not a url"))
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
    assert member_client.post(url, _valid_post()).status_code == 302
    assert Profile.objects.get(user=member_client.user).headline == "Engineer"


def test_a_limited_save_keeps_everything_typed_and_asks_for_the_photo_again(member_client, settings):
    settings.PROFILES_WRITE_RATE = "1/h"
    url = reverse("profiles:edit")
    assert member_client.post(url, _valid_post()).status_code == 302
    data = _valid_post(
        headline="Staff engineer", bio="Two lines\nof bio.", skills=["Go", "Rust"], new_skills="Elixir",
        **{"exp-0-title": "Lead", "exp-0-company": "Paystack"},
    )  # fmt: skip

    response = member_client.post(url, data | {"avatar_upload": image_upload()})

    assert response.status_code == 429
    html = response.content.decode()
    assert LIMIT_TEXT in html and "but your new photo must be chosen again" in html
    assert_form_keeps(html, data)
    profile = Profile.objects.get(user=member_client.user)
    assert profile.headline == "Engineer" and not profile.avatar
