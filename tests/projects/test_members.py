"""Joining a project: invitations the invitee decides, requests to join a lead decides,
capacity, leaving, roles and handing ownership over; and the move of old collaborators."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.notifications.models import Notification
from apps.projects.models import JoinRequest, ProjectMember
from apps.projects.services import (
    invitation_decide,
    join_ask,
    join_request_decide,
    member_invite,
    member_leave,
    ownership_transfer,
    task_create,
)
from tests.accounts.factories import UserFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _roles(project) -> dict[int, str]:
    return dict(ProjectMember.objects.filter(project=project).values_list("member_id", "role"))


def test_an_invitee_accepts_and_joins_in_the_offered_role(client):
    project = ProjectFactory()
    invitee = UserFactory(handle="newbie")
    client.force_login(project.creator)
    response = client.post(
        reverse("projects:invite", args=[project.pk]), {"handle": "@newbie", "role": "reviewer"}
    )
    assert response.status_code == 302
    assert invitee.pk not in _roles(project)  # nobody joins without accepting
    assert Notification.objects.filter(recipient=invitee, kind="project").exists()

    client.force_login(invitee)
    invitation = JoinRequest.objects.get(member=invitee)
    assert 'data-testid="invitation"' in client.get(reverse("projects:mine")).content.decode()
    response = client.post(reverse("projects:invitation-decide", args=[invitation.pk]), {"accept": "1"})
    assert response.status_code == 302 and response.url == reverse("projects:board", args=[project.pk])
    assert _roles(project)[invitee.pk] == "reviewer"
    assert Notification.objects.filter(recipient=project.creator, verb="accepted your invitation").exists()


def test_an_invitee_declines_and_stays_out():
    project = ProjectFactory()
    invitee = UserFactory()
    invitation = member_invite(
        project=project, handle=invitee.handle, role="developer", actor=project.creator
    )
    assert invitation_decide(pk=invitation.pk, member=invitee, accept=False) is None
    invitation.refresh_from_db()
    assert invitation.state == "declined" and invitee.pk not in _roles(project)
    with pytest.raises(ValidationError, match="no longer open"):
        invitation_decide(pk=invitation.pk, member=invitee, accept=True)


def test_only_the_invitee_can_answer_an_invitation(client):
    project = ProjectFactory()
    invitee, intruder = UserFactory(), UserFactory()
    invitation = member_invite(project=project, handle=invitee.handle, role="lead", actor=project.creator)
    client.force_login(intruder)
    client.post(reverse("projects:invitation-decide", args=[invitation.pk]), {"accept": "1"})
    assert intruder.pk not in _roles(project) and invitee.pk not in _roles(project)
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_a_developer_cannot_invite(client):
    developer = UserFactory()
    project = ProjectFactory(members={developer: "developer"})
    client.force_login(developer)
    response = client.post(
        reverse("projects:invite", args=[project.pk]), {"handle": UserFactory().handle, "role": "lead"}
    )
    assert response.status_code == 403 and not JoinRequest.objects.exists()


def test_capacity_stops_invitations_and_acceptances_once_full():
    project = ProjectFactory(capacity=2)
    first, second = UserFactory(), UserFactory()
    a = member_invite(project=project, handle=first.handle, role="developer", actor=project.creator)
    b = member_invite(project=project, handle=second.handle, role="developer", actor=project.creator)
    invitation_decide(pk=a.pk, member=first, accept=True)
    with pytest.raises(ValidationError, match="full"):
        invitation_decide(pk=b.pk, member=second, accept=True)
    with pytest.raises(ValidationError, match="full"):
        member_invite(project=project, handle=UserFactory().handle, role="developer", actor=project.creator)
    assert len(_roles(project)) == 2


def test_a_member_asks_to_join_an_open_project_and_a_lead_accepts(client):
    lead, asker = UserFactory(), UserFactory()
    project = ProjectFactory(project_type="practice", looking_for_contributors=True, members={lead: "lead"})
    client.force_login(asker)
    response = client.post(reverse("projects:join", args=[project.pk]), {"message": "I know <b>Django</b>"})
    assert response.status_code == 302
    request = JoinRequest.objects.get(member=asker, direction="ask")
    assert Notification.objects.filter(recipient=lead, verb="asked to join").exists()
    html = client.get(project.get_absolute_url()).content.decode()
    assert "waiting for a lead" in html

    client.force_login(lead)
    page = client.get(reverse("projects:members", args=[project.pk])).content.decode()
    assert "I know &lt;b&gt;Django&lt;/b&gt;" in page
    client.post(reverse("projects:request-decide", args=[project.pk, request.pk]), {"accept": "1"})
    assert _roles(project)[asker.pk] == "developer"


def test_asking_twice_or_asking_a_closed_project_is_refused():
    asker = UserFactory()
    closed = ProjectFactory(looking_for_contributors=False)
    with pytest.raises(ValidationError, match="not looking"):
        join_ask(project=closed, member=asker)
    open_project = ProjectFactory(looking_for_contributors=True)
    join_ask(project=open_project, member=asker)
    with pytest.raises(ValidationError, match="already have an open"):
        join_ask(project=open_project, member=asker)
    with pytest.raises(ValidationError, match="already on"):
        join_ask(project=open_project, member=open_project.creator)


def test_a_developer_cannot_decide_requests(client):
    developer, asker = UserFactory(), UserFactory()
    project = ProjectFactory(looking_for_contributors=True, members={developer: "developer"})
    request = join_ask(project=project, member=asker)
    client.force_login(developer)
    assert (
        client.post(
            reverse("projects:request-decide", args=[project.pk, request.pk]), {"accept": "1"}
        ).status_code
        == 403
    )
    with pytest.raises(ValidationError):
        join_request_decide(project=ProjectFactory(), pk=request.pk, accept=True, actor=developer)
    assert asker.pk not in _roles(project)


def test_a_member_leaves_and_is_unassigned_but_the_owner_must_hand_over_first(client):
    developer = UserFactory()
    project = ProjectFactory(members={developer: "developer"})
    task = task_create(project=project, actor=project.creator, title="Fix it", assignee_ids=[developer.pk])
    client.force_login(developer)
    assert client.post(reverse("projects:leave", args=[project.pk])).status_code == 302
    assert developer.pk not in _roles(project) and not task.assignees.exists()
    with pytest.raises(ValidationError, match="Hand the project"):
        member_leave(project=project, member=project.creator)


def test_the_owner_hands_ownership_over_and_stays_as_lead(client):
    lead = UserFactory()
    project = ProjectFactory(members={lead: "lead"})
    client.force_login(project.creator)
    client.post(reverse("projects:transfer", args=[project.pk]), {"member": lead.pk})
    assert _roles(project) == {project.creator_id: "lead", lead.pk: "owner"}
    assert client.post(reverse("projects:delete", args=[project.pk])).status_code == 403
    with pytest.raises(ValidationError, match="Only a member"):
        ownership_transfer(project=project, to_member_id=UserFactory().pk, actor=lead)


def test_a_lead_changes_roles_but_not_the_owners(client):
    lead, developer = UserFactory(), UserFactory()
    project = ProjectFactory(members={lead: "lead", developer: "developer"})
    client.force_login(lead)
    client.post(reverse("projects:member-role", args=[project.pk, developer.pk]), {"role": "reviewer"})
    client.post(reverse("projects:member-role", args=[project.pk, project.creator_id]), {"role": "reviewer"})
    assert _roles(project) == {project.creator_id: "owner", lead.pk: "lead", developer.pk: "reviewer"}


def test_the_members_page_and_invitation_form_fit_the_rules(client):
    project = ProjectFactory()
    client.force_login(project.creator)
    html = client.get(reverse("projects:members", args=[project.pk])).content.decode()
    assert 'id="invite"' in html and "Hand the project over" not in html  # nobody to hand it to
    response = client.post(
        reverse("projects:invite", args=[project.pk]), {"handle": "x" * 40, "role": "boss"}
    )
    assert response.status_code == 200 and "There are 2 problems" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_collaborators_become_members_through_the_data_migration():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("projects", "0005_workspaces")])
    old = executor.loader.project_state([("projects", "0005_workspaces")]).apps
    Project = old.get_model("projects", "Project")
    creator, helper = UserFactory(), UserFactory()
    project = Project.objects.create(title="Old", creator_id=creator.pk)
    Project.collaborators.through.objects.create(project_id=project.pk, user_id=helper.pk)
    Project.collaborators.through.objects.create(project_id=project.pk, user_id=creator.pk)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    rows = dict(ProjectMember.objects.filter(project_id=project.pk).values_list("member_id", "role"))
    assert rows == {creator.pk: "owner", helper.pk: "lead"}


def test_a_member_withdraws_their_own_request_but_not_someone_elses(client):
    asker, other = UserFactory(), UserFactory()
    project = ProjectFactory(looking_for_contributors=True)
    mine, theirs = join_ask(project=project, member=asker), join_ask(project=project, member=other)
    client.force_login(asker)
    response = client.post(reverse("projects:request-cancel", args=[project.pk, theirs.pk]))
    assert response.url == project.get_absolute_url()
    response = client.post(reverse("projects:request-cancel", args=[project.pk, mine.pk]))
    assert response.url == project.get_absolute_url()
    states = dict(JoinRequest.objects.values_list("member", "state"))
    assert states == {asker.pk: "cancelled", other.pk: "pending"}


def test_a_profile_lists_the_projects_a_member_created_or_joined_never_private_or_others():
    from apps.projects.models import Project
    from apps.projects.selectors import project_list_for_member

    member = UserFactory()
    created = ProjectFactory(creator=member, title="Created")
    joined = ProjectFactory(title="Joined", members={member: "developer"})
    ProjectFactory(creator=member, title="Private", visibility=Project.Visibility.PRIVATE)
    ProjectFactory(title="Someone else's")

    assert {p.pk for p in project_list_for_member(member=member)} == {created.pk, joined.pk}
