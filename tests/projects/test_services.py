from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from apps.profiles.models import PointsEntry, Profile
from apps.projects.models import Project, ProjectLike, ProjectSave
from apps.projects.services import (
    member_invite,
    project_like_set,
    project_publish_from_hackathon,
    project_save_set,
)
from tests.accounts.factories import UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _points(member) -> int:
    return Profile.objects.filter(user=member).values_list("points_total", flat=True).first() or 0


def test_like_counts_once_per_member(user):
    project = ProjectFactory()
    assert project_like_set(project=project, member=user, liked=True) == 1
    assert project_like_set(project=project, member=user, liked=True) == 1
    assert ProjectLike.objects.filter(project=project).count() == 1
    project.refresh_from_db()
    assert project.likes_count == 1


def test_unlike_lowers_the_count_and_twice_is_harmless(user):
    project = ProjectFactory()
    project_like_set(project=project, member=user, liked=True)
    assert project_like_set(project=project, member=user, liked=False) == 0
    assert project_like_set(project=project, member=user, liked=False) == 0


def test_like_gives_the_creator_points_once_even_after_unlike_and_relike(user):
    project = ProjectFactory()
    for liked in (True, False, True, False, True):
        project_like_set(project=project, member=user, liked=liked)
    assert _points(project.creator) == 2
    assert PointsEntry.objects.filter(member=project.creator, reason="project_like").count() == 1


def test_likes_from_different_members_each_give_points():
    project = ProjectFactory()
    for member in UserFactory.create_batch(3):
        project_like_set(project=project, member=member, liked=True)
    assert _points(project.creator) == 6


def test_liking_your_own_project_earns_nothing():
    project = ProjectFactory()
    project_like_set(project=project, member=project.creator, liked=True)
    assert _points(project.creator) == 0
    project.refresh_from_db()
    assert project.likes_count == 1


def test_save_is_idempotent(user):
    project = ProjectFactory()
    project_save_set(project=project, member=user, saved=True)
    project_save_set(project=project, member=user, saved=True)
    assert ProjectSave.objects.filter(project=project, member=user).count() == 1
    project_save_set(project=project, member=user, saved=False)
    assert not ProjectSave.objects.exists()


def test_member_is_invited_by_handle_once():
    project = ProjectFactory()
    friend = UserFactory(handle="Friendly")
    invitation = member_invite(project=project, handle="@friendly", role="developer", actor=project.creator)
    assert invitation.member == friend and invitation.state == "pending"
    with pytest.raises(ValidationError, match="already has an open invitation"):
        member_invite(project=project, handle="Friendly", role="developer", actor=project.creator)
    with pytest.raises(ValidationError, match="already on this project"):
        member_invite(project=project, handle=project.creator.handle, role="lead", actor=project.creator)
    with pytest.raises(ValidationError, match="No member"):
        member_invite(project=project, handle="ghost", role="developer", actor=project.creator)


def _hackathon():
    from tests.hackathons.factories import HackathonFactory

    return HackathonFactory(title="Green Hack")


def test_publish_from_hackathon_is_idempotent_on_source_key(django_capture_on_commit_callbacks):
    creator, teammate = UserFactory(), UserFactory()
    hackathon = _hackathon()
    kwargs = {
        "source_key": "hackathon-submission:42", "hackathon": hackathon, "title": "Solar Map",
        "description": "Maps *sun*.", "repository_url": "https://github.com/x/solar", "demo_url": "",
        "technologies": ["Python", "python", "Leaflet"], "creator": creator, "collaborators": [teammate, creator],
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        first = project_publish_from_hackathon(**kwargs)
        second = project_publish_from_hackathon(**{**kwargs, "title": "Solar Map v2"})
    assert first.pk == second.pk and Project.objects.count() == 1
    second.refresh_from_db()
    assert second.title == "Solar Map v2"
    assert second.hackathon == hackathon
    assert sorted(second.technologies.values_list("name", flat=True)) == ["Leaflet", "Python"]
    roles = dict(second.memberships.values_list("member_id", "role"))
    assert roles == {creator.pk: "owner", teammate.pk: "lead"}


def test_publish_from_hackathon_rejects_a_bad_url():
    with pytest.raises(ValidationError):
        project_publish_from_hackathon(
            source_key="s:1", hackathon=None, title="T", description="", repository_url="javascript:alert(1)",
            demo_url="", technologies=[], creator=UserFactory(), collaborators=[],
        )  # fmt: skip
    assert not Project.objects.exists()


def test_publish_accepts_what_a_hackathon_submission_can_hold():
    url = "https://github.com/" + "a" * 270
    project = project_publish_from_hackathon(
        source_key="s:2", hackathon=_hackathon(), title="T" * 120, description="x" * 30_000, repository_url=url,
        demo_url=url, technologies=["Go"], creator=UserFactory(), collaborators=[],
    )  # fmt: skip
    assert project.repository_url == url and len(project.description) == 20_000


def test_editing_a_stale_copy_keeps_likes_that_came_in_meanwhile(user):
    from apps.projects.services import project_update

    project = ProjectFactory()
    stale = Project.objects.get(pk=project.pk)
    project_like_set(project=project, member=user, liked=True)
    project_update(project=stale, data={"title": "New title"}, technologies=[])
    project.refresh_from_db()
    assert project.title == "New title" and project.likes_count == 1
