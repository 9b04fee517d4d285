"""The profile's side of careers: the `goals` field, the quiz offered to the owner (never
forced), and the track shown only when the member chooses to share it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.careers import services
from apps.profiles.models import Profile
from tests.accounts.factories import UserFactory
from tests.careers.factories import finished_quiz
from tests.profiles.test_views import _valid_post

pytestmark = pytest.mark.django_db


def test_goals_are_saved_from_the_profile_form_and_kept_short(member_client):
    url = reverse("profiles:edit")
    assert "Your goals" in member_client.get(url).content.decode()

    assert member_client.post(url, _valid_post(goals="Ship my first open-source library.")).status_code == 302
    assert Profile.objects.get(user=member_client.user).goals == "Ship my first open-source library."

    response = member_client.post(url, _valid_post(goals="x" * 201))
    assert response.status_code == 200
    assert "at most 200 characters" in response.content.decode()


def test_the_owner_is_offered_the_quiz_on_their_profile(member_client, user, quiz):
    html = member_client.get(reverse("profiles:detail", args=[user.handle])).content.decode()
    assert 'data-testid="career-track"' in html
    assert reverse("careers:quiz") in html


def test_visitors_see_no_track_until_the_member_shares_it(client, quiz):
    member = UserFactory()
    result = finished_quiz(member, quiz, "researchers")
    url = reverse("profiles:detail", args=[member.handle])

    assert 'data-testid="career-track"' not in client.get(url).content.decode()

    services.result_share_set(result=result, shared=True)
    html = client.get(url).content.decode()
    assert 'data-testid="career-track"' in html and "Researchers" in html
    assert result.get_absolute_url() not in html  # the result itself stays private


def test_a_cached_profile_shows_the_track_as_soon_as_it_is_shared(client, quiz, page_cache):
    member = UserFactory()
    result = finished_quiz(member, quiz, "educators")
    url = reverse("profiles:detail", args=[member.handle])
    assert "Educators" not in client.get(url).content.decode()  # now in the page cache

    services.result_share_set(result=result, shared=True)

    assert "Educators" in client.get(url).content.decode()
    # A quiz answered by someone else does not renew every profile.
    from django.core.cache import cache

    from apps.core.pagecache import _version_key

    before = cache.get(_version_key("careers.result"))
    services.answers_save(session=services.session_start(user=UserFactory()), values={})
    assert cache.get(_version_key("careers.result")) == before
