from __future__ import annotations

import json

import pytest

from apps.profiles import privacy
from apps.profiles.models import BadgeAward, Experience, PointsEntry, Profile
from apps.profiles.services import badges_evaluate, points_award
from tests.profiles.factories import ExperienceFactory, ProfileFactory, SkillFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _member_with_everything():
    profile = ProfileFactory(phone="+2348000000000")
    profile.skills.set([SkillFactory(name="Elixir")])
    ExperienceFactory(profile=profile, company="Acme")
    points_award(member=profile.user, reason="hackathon_join", source=ProjectFactory())
    ProjectFactory(creator=profile.user)
    badges_evaluate(member=profile.user)
    return profile


def test_export_holds_profile_timeline_points_and_badges_as_json():
    profile = _member_with_everything()
    data = privacy.export_member_data(profile.user)
    json.dumps(data)  # serialisable
    assert data["profile"]["phone"] == "+2348000000000"
    assert data["profile"]["skills"] == ["Elixir"]
    assert data["profile"]["experience"][0]["company"] == "Acme"
    assert data["points"][0]["reason"] == "hackathon_join"
    assert {b["badge"] for b in data["badges"]} >= {"first_hackathon", "first_project"}


def test_export_for_a_member_without_a_profile(user):
    assert privacy.export_member_data(user) == {"profile": None, "points": [], "badges": []}


def test_erase_removes_profile_timeline_points_and_badges():
    profile = _member_with_everything()
    privacy.erase_member_data(profile.user)
    assert not Profile.objects.filter(user=profile.user).exists()
    assert not Experience.objects.exists()
    assert not PointsEntry.objects.filter(member=profile.user).exists()
    assert not BadgeAward.objects.filter(member=profile.user).exists()
