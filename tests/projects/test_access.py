"""Who may do what on a project: the permission table and the one access helper, and private
projects that do not exist for outsiders anywhere they could appear."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from apps.projects.access import PERMISSIONS, project_access, role_may
from apps.projects.models import Project
from tests.accounts.factories import UserFactory
from tests.projects.factories import ProjectFactory, TaskFactory

pytestmark = pytest.mark.django_db


def test_the_permission_table_gives_each_role_its_powers():
    assert role_may("owner", "delete_project") and not role_may("lead", "delete_project")
    assert not role_may("developer", "delete_project") and not role_may("reviewer", "delete_project")
    assert role_may("lead", "invite") and not role_may("developer", "invite")
    assert role_may("developer", "create_task") and not role_may("reviewer", "create_task")
    assert role_may("reviewer", "move_task")
    assert not role_may("owner", "leave") and role_may("developer", "leave")
    assert not any(role_may(None, action) for action in PERMISSIONS)
    with pytest.raises(ValueError):
        role_may("owner", "fly")


def test_a_developer_cannot_delete_the_project(client):
    developer = UserFactory()
    project = ProjectFactory(members={developer: "developer"})
    client.force_login(developer)
    assert client.post(reverse("projects:delete", args=[project.pk])).status_code == 403
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_the_owner_deletes_and_a_lead_edits(client):
    lead = UserFactory()
    project = ProjectFactory(members={lead: "lead"})
    client.force_login(lead)
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 200
    assert client.post(reverse("projects:delete", args=[project.pk])).status_code == 403
    client.force_login(project.creator)
    assert client.post(reverse("projects:delete", args=[project.pk])).status_code == 302
    assert not Project.objects.filter(pk=project.pk).exists()


def test_a_reviewer_moves_tasks_but_cannot_create_them(client):
    reviewer = UserFactory()
    project = ProjectFactory(members={reviewer: "reviewer"})
    task = TaskFactory(project=project, number=1)
    client.force_login(reviewer)
    assert client.get(reverse("projects:task-create", args=[project.pk])).status_code == 403
    response = client.post(task.move_url, {"status": "review"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == "review"


def test_the_access_helper_404s_private_projects_for_outsiders_and_403s_refused_actions():
    outsider, developer = UserFactory(), UserFactory()
    project = ProjectFactory(visibility="private", members={developer: "developer"})
    with pytest.raises(Http404):
        project_access(user=outsider, pk=project.pk)
    assert project_access(user=developer, pk=project.pk).role == "developer"
    with pytest.raises(PermissionDenied):
        project_access(user=developer, pk=project.pk, action="delete_project")
    with pytest.raises(Http404):
        project_access(user=developer, pk=999_999)


PRIVATE_PAGES = ("detail", "board", "tasks", "members", "github", "edit", "task-create")


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_a_private_project_is_404_on_every_page_for_outsiders(client, who):
    project = ProjectFactory(visibility="private", title="Secret Plan")
    task = TaskFactory(project=project, number=1)
    if who == "outsider":
        client.force_login(UserFactory())
    for name in PRIVATE_PAGES:
        response = client.get(reverse(f"projects:{name}", args=[project.pk]))
        assert response.status_code in (404, 302), name
        if response.status_code == 302:  # a login page first, never a hint the project exists
            assert who == "anonymous"
    if who == "outsider":
        assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404
        assert client.get(task.get_absolute_url()).status_code == 404
        assert client.post(reverse("projects:like", args=[project.pk]), {"like": "1"}).status_code == 404
        assert client.post(reverse("projects:join", args=[project.pk])).status_code == 404
        assert client.post(task.move_url, {"status": "done"}).status_code == 404
    else:
        assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 404


def test_a_private_project_is_left_out_of_lists_profile_and_sitemap(client):
    member = UserFactory(handle="secret_keeper")
    secret = ProjectFactory(
        visibility="private", title="Secret Plan", creator=member, looking_for_contributors=True
    )
    shown = ProjectFactory(title="Open Plan", creator=member, looking_for_contributors=True)
    for url in (
        reverse("projects:list"),
        reverse("projects:open"),
        reverse("profiles:detail", args=["secret_keeper"]),
    ):
        html = client.get(url).content.decode()
        assert "Secret Plan" not in html and "Open Plan" in html, url
    assert "0 projects" in client.get(reverse("projects:list"), {"q": "Secret"}).content.decode()
    sitemap = client.get(reverse("sitemap-section", args=["projects"])).content.decode()
    assert shown.get_absolute_url() in sitemap and secret.get_absolute_url() not in sitemap


def test_members_see_their_private_project_in_their_own_list(client):
    member = UserFactory()
    ProjectFactory(visibility="private", title="Secret Plan", members={member: "developer"})
    client.force_login(member)
    html = client.get(reverse("projects:mine")).content.decode()
    assert "Secret Plan" in html and "private" in html


def test_a_members_only_board_is_refused_to_outsiders_but_the_project_page_shows(client):
    project = ProjectFactory(visibility="members", title="Club Project")
    client.force_login(UserFactory())
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("projects:board", args=[project.pk])).status_code == 403
    client.force_login(project.creator)
    assert client.get(reverse("projects:board", args=[project.pk])).status_code == 200


def test_a_public_board_is_readable_by_visitors_without_move_controls(client):
    project = ProjectFactory()
    TaskFactory(project=project, number=1, title="Visible task")
    html = client.get(reverse("projects:board", args=[project.pk])).content.decode()
    assert "Visible task" in html and 'name="status"' not in html and "draggable" not in html


def test_the_mentor_never_reads_a_private_project():
    from apps.projects.mentor import CONTENT

    ProjectFactory(visibility="private", title="Secret Plan")
    ProjectFactory(visibility="members", title="Club Plan")
    assert sorted(CONTENT.public().values_list("title", flat=True)) == ["Club Plan"]
