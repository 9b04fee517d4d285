from __future__ import annotations

import json

import pytest

from apps.projects import privacy
from apps.projects.models import Project, ProjectLike, ProjectSave
from apps.projects.services import project_like_set, project_save_set
from tests.accounts.factories import UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_export_lists_created_collaborations_likes_and_saves(user):
    mine = ProjectFactory(creator=user, title="Mine")
    theirs = ProjectFactory(collaborators=[user])
    project_like_set(project=theirs, member=user, liked=True)
    project_save_set(project=theirs, member=user, saved=True)
    data = privacy.export_member_data(user)
    json.dumps(data)
    assert data["created"][0]["title"] == "Mine" and data["created"][0]["id"] == mine.pk
    assert data["collaborating_on"] == [theirs.pk]
    assert data["liked"] == [theirs.pk] and data["saved"] == [theirs.pk]


def test_erase_drops_likes_saves_and_collaborations_and_keeps_projects_as_deleted_member(client, user):
    mine = ProjectFactory(creator=user, title="Orphan Project")
    theirs = ProjectFactory(collaborators=[user])
    project_like_set(project=theirs, member=user, liked=True)
    project_like_set(project=theirs, member=UserFactory(), liked=True)
    project_save_set(project=theirs, member=user, saved=True)
    privacy.erase_member_data(user)
    theirs.refresh_from_db()
    assert theirs.likes_count == 1 and not theirs.memberships.filter(member=user).exists()
    assert not ProjectLike.objects.filter(member=user).exists() and not ProjectSave.objects.exists()
    assert Project.objects.get(pk=mine.pk).creator is None
    html = client.get(mine.get_absolute_url()).content.decode()
    assert "deleted member" in html
    assert "Orphan Project" in client.get("/projects/").content.decode()


def test_export_and_erase_cover_memberships_requests_tasks_and_commits(user):
    from apps.projects.models import Commit, JoinRequest, ProjectMember, Task, TaskActivity
    from apps.projects.services import join_ask, task_create

    owned = ProjectFactory(creator=user, title="Handed On")
    heir = UserFactory()
    ProjectMember.objects.create(project=owned, member=heir, role="developer")
    team = ProjectFactory(collaborators=[user], looking_for_contributors=True)
    other = ProjectFactory(looking_for_contributors=True)
    join_ask(project=other, member=user, message="Let me help")
    task = task_create(project=team, actor=user, title="Mine", assignee_ids=[user.pk])
    Commit.objects.create(project=team, repository="o/r", sha="a" * 40, message="DT-1", author=user,
                          author_email=user.email, author_name="Me")  # fmt: skip

    data = privacy.export_member_data(user)
    json.dumps(data)
    assert {"project": team.pk, "role": "lead"}.items() <= data["memberships"][1].items()
    assert data["invitations_and_requests"][0]["message"] == "Let me help"
    assert data["tasks_created"][0]["title"] == "Mine" and data["tasks_assigned"] == [(team.pk, 1)]
    assert data["commits"][0]["author_email"] == user.email and data["task_activity"]

    privacy.erase_member_data(user)
    assert (
        not ProjectMember.objects.filter(member=user).exists()
        and not JoinRequest.objects.filter(member=user).exists()
    )
    assert ProjectMember.objects.get(project=owned, member=heir).role == "owner"  # the project keeps an owner
    task = Task.objects.get(pk=task.pk)
    assert task.created_by is None and not task.assignees.exists() and not task.watchers.exists()
    assert not TaskActivity.objects.filter(actor=user).exists()
    commit = Commit.objects.get()
    assert commit.author is None and commit.author_email == "" and commit.author_name == ""
