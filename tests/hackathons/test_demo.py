from __future__ import annotations

import io

import pytest

from apps.hackathons import demo
from apps.hackathons.models import Hackathon
from apps.hackathons.selectors import hackathon_list_featured
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    UserFactory.create_batch(6)
    demo.seed(size="small", stdout=io.StringIO())
    return Hackathon.objects.all()


def test_demo_has_hackathons_a_new_member_can_join_and_submit_to_now(seeded):
    joinable_now = [h for h in seeded if h.registration_open and h.submissions_open and not h.is_full]
    assert joinable_now
    assert {h.pk for h in joinable_now} & {h.pk for h in hackathon_list_featured(limit=3)}


def test_demo_advanced_hackathons_do_not_invite_beginners(seeded):
    advanced = seeded.filter(difficulty=Hackathon.Difficulty.ADVANCED).prefetch_related("tracks")
    assert advanced
    for hackathon in advanced:
        assert "beginner" not in hackathon.description.lower()
        assert all("beginner" not in track.name.lower() for track in hackathon.tracks.all())
