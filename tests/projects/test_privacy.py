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
