from __future__ import annotations

import io

import pytest

from apps.profiles import demo as profiles_demo
from apps.profiles.models import BadgeAward, PointsEntry, Profile
from apps.projects import demo as projects_demo
from apps.projects.models import Project, ProjectLike
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_data_is_consistent_and_idempotent():
    UserFactory.create_batch(12)
    out = io.StringIO()
    for _ in range(2):
        profiles_demo.seed(size="small", stdout=out)
        projects_demo.seed(size="small", stdout=out)
    assert Profile.objects.count() == 12
    assert Project.objects.count() == projects_demo.SIZES["small"] + 1  # and the demo task board
    assert all(p.skills.count() >= 2 for p in Profile.objects.all())
    for project in Project.objects.all()[:20]:
        assert project.likes_count == ProjectLike.objects.filter(project=project, active=True).count()
    assert PointsEntry.objects.count() == ProjectLike.objects.count()
    creators = set(Project.objects.values_list("creator_id", flat=True))
    assert (
        set(BadgeAward.objects.filter(badge="first_project").values_list("member_id", flat=True)) == creators
    )
    profile = Profile.objects.order_by("-points_total").first()
    assert profile.points_total == sum(
        PointsEntry.objects.filter(member=profile.user).values_list("amount", flat=True)
    )
