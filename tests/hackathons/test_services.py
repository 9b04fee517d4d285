from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.hackathons import services
from apps.hackathons.models import (
    Hackathon,
    HackathonParticipation,
    JoinRequest,
    Submission,
    Team,
    TeamMembership,
)
from tests.accounts.factories import UserFactory
from tests.hackathons.factories import HackathonFactory, TeamFactory, TrackFactory, add_member, set_phase

pytestmark = pytest.mark.django_db


def data(**overrides) -> services.SubmissionData:
    return services.SubmissionData(
        **{"title": "Rain alert", "description": "SMS alerts", "repository_url": "https://example.com/r"}
        | overrides
    )


# --- joining ------------------------------------------------------------------------------


def test_join_counts_participant_and_records_skills():
    hackathon = HackathonFactory(phase="open")
    user = UserFactory()
    participation = services.participation_join(
        hackathon=hackathon, user=user, skills=["Python", "python", "Figma"]
    )
    hackathon.refresh_from_db()
    assert hackathon.participant_count == 1
    assert sorted(s.name for s in participation.skills.all()) == ["Figma", "Python"]


def test_join_twice_is_idempotent():
    hackathon = HackathonFactory(phase="open")
    user = UserFactory()
    services.participation_join(hackathon=hackathon, user=user)
    services.participation_join(hackathon=hackathon, user=user)
    hackathon.refresh_from_db()
    assert hackathon.participant_count == 1
    assert HackathonParticipation.objects.filter(user=user).count() == 1


@pytest.mark.parametrize("phase", ["upcoming", "judging", "ended"])
def test_join_rejected_outside_registration_window(phase):
    hackathon = HackathonFactory(phase=phase)
    with pytest.raises(ValidationError, match="closed"):
        services.participation_join(hackathon=hackathon, user=UserFactory())
    assert not HackathonParticipation.objects.exists()


def test_join_rejected_after_registration_deadline_even_while_running():
    hackathon = HackathonFactory(phase="running")
    Hackathon.objects.filter(pk=hackathon.pk).update(
        registration_deadline=timezone.now() - timedelta(minutes=1)
    )
    hackathon.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        services.participation_join(hackathon=hackathon, user=UserFactory())


def test_join_rejected_when_hackathon_full_and_counter_unchanged():
    hackathon = HackathonFactory(phase="open", max_participants=2)
    services.participation_join(hackathon=hackathon, user=UserFactory())
    services.participation_join(hackathon=hackathon, user=UserFactory())
    late = UserFactory()
    with pytest.raises(ValidationError, match="full"):
        services.participation_join(hackathon=hackathon, user=late)
    hackathon.refresh_from_db()
    assert hackathon.participant_count == 2
    assert not HackathonParticipation.objects.filter(user=late).exists()


def test_capacity_is_claimed_against_the_database_not_a_stale_object():
    """Two requests loaded the hackathon when one place was left: only one gets it."""
    hackathon = HackathonFactory(phase="open", max_participants=1)
    stale_copy = Hackathon.objects.get(pk=hackathon.pk)
    services.participation_join(hackathon=hackathon, user=UserFactory())
    with pytest.raises(ValidationError, match="full"):
        services.participation_join(hackathon=stale_copy, user=UserFactory())
    assert HackathonParticipation.objects.count() == 1


def test_leave_before_deadline_frees_the_place():
    hackathon = HackathonFactory(phase="open", max_participants=1)
    user = UserFactory()
    services.participation_join(hackathon=hackathon, user=user)
    services.participation_leave(hackathon=hackathon, user=user)
    hackathon.refresh_from_db()
    assert hackathon.participant_count == 0
    services.participation_join(hackathon=hackathon, user=UserFactory())


def test_leave_rejected_after_registration_deadline():
    hackathon = HackathonFactory(phase="judging")
    user = UserFactory()
    HackathonParticipation.objects.create(hackathon=hackathon, user=user)
    with pytest.raises(ValidationError, match="deadline"):
        services.participation_leave(hackathon=hackathon, user=user)


def test_leader_leaving_hands_team_to_next_member():
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon)
    second = UserFactory()
    add_member(team, second)
    services.participation_leave(hackathon=hackathon, user=team.leader)
    team.refresh_from_db()
    assert team.leader == second
    assert team.member_count == 1


# --- teams --------------------------------------------------------------------------------


def test_team_create_joins_hackathon_and_makes_leader_a_member():
    hackathon = HackathonFactory(phase="open")
    user = UserFactory()
    team = services.team_create(hackathon=hackathon, user=user, name="Night Owls", looking_for=["Design"])
    assert team.leader == user
    assert team.member_count == 1
    assert TeamMembership.objects.filter(team=team, user=user).exists()
    assert HackathonParticipation.objects.filter(hackathon=hackathon, user=user).exists()
    assert [s.name for s in team.looking_for.all()] == ["Design"]


def test_team_names_are_unique_per_hackathon_ignoring_case():
    hackathon = HackathonFactory(phase="open")
    services.team_create(hackathon=hackathon, user=UserFactory(), name="Night Owls")
    with pytest.raises(ValidationError) as exc:
        services.team_create(hackathon=hackathon, user=UserFactory(), name="night owls")
    assert "already exists" in str(exc.value)
    services.team_create(hackathon=HackathonFactory(phase="open"), user=UserFactory(), name="Night Owls")


def test_one_team_per_person_per_hackathon():
    hackathon = HackathonFactory(phase="open")
    user = UserFactory()
    services.team_create(hackathon=hackathon, user=user, name="A")
    other = TeamFactory(hackathon=hackathon)
    with pytest.raises(ValidationError, match="already in a team"):
        services.team_create(hackathon=hackathon, user=user, name="B")
    with pytest.raises(ValidationError, match="already in a team"):
        services.team_join(team=other, user=user)


def test_database_refuses_second_team_membership_in_same_hackathon():
    hackathon = HackathonFactory(phase="open")
    user = UserFactory()
    first, second = TeamFactory(hackathon=hackathon), TeamFactory(hackathon=hackathon)
    TeamMembership.objects.create(team=first, hackathon=hackathon, user=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.create(team=second, hackathon=hackathon, user=user)


def test_join_by_code_adds_member_and_registers_them():
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon)
    newcomer = UserFactory()
    services.team_join_by_code(hackathon=hackathon, code=team.join_code, user=newcomer)
    team.refresh_from_db()
    assert team.member_count == 2
    assert HackathonParticipation.objects.filter(hackathon=hackathon, user=newcomer).exists()


def test_join_by_wrong_code_is_rejected():
    hackathon = HackathonFactory(phase="open")
    TeamFactory(hackathon=hackathon)
    with pytest.raises(ValidationError, match="does not match"):
        services.team_join_by_code(hackathon=hackathon, code="nope", user=UserFactory())


def test_code_of_another_hackathons_team_does_not_work():
    team = TeamFactory(hackathon=HackathonFactory(phase="open"))
    with pytest.raises(ValidationError, match="does not match"):
        services.team_join_by_code(
            hackathon=HackathonFactory(phase="open"), code=team.join_code, user=UserFactory()
        )


def test_team_size_limit_enforced():
    hackathon = HackathonFactory(phase="open", max_team_size=2)
    team = TeamFactory(hackathon=hackathon)
    services.team_join(team=team, user=UserFactory())
    third = UserFactory()
    with pytest.raises(ValidationError, match="full"):
        services.team_join(team=Team.objects.get(pk=team.pk), user=third)
    team.refresh_from_db()
    assert team.member_count == 2
    assert not TeamMembership.objects.filter(user=third).exists()


def test_teams_frozen_after_submission_deadline():
    hackathon = HackathonFactory(phase="judging")
    team = TeamFactory(hackathon=hackathon)
    with pytest.raises(ValidationError, match="frozen"):
        services.team_join(team=team, user=UserFactory())
    with pytest.raises(ValidationError, match="frozen"):
        services.team_create(hackathon=hackathon, user=UserFactory(), name="Late")


def test_join_request_accepted_by_leader_adds_member():
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon)
    asker = UserFactory()
    request = services.join_request_create(team=team, user=asker, message="I do design")
    services.join_request_decide(join_request=request, leader=team.leader, accept=True)
    request.refresh_from_db()
    assert request.state == JoinRequest.State.ACCEPTED
    assert TeamMembership.objects.filter(team=team, user=asker).exists()


def test_join_request_twice_is_rejected():
    team = TeamFactory(hackathon=HackathonFactory(phase="open"))
    asker = UserFactory()
    services.join_request_create(team=team, user=asker)
    with pytest.raises(ValidationError, match="already asked"):
        services.join_request_create(team=team, user=asker)


def test_only_leader_decides_join_requests():
    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon)
    member = UserFactory()
    add_member(team, member)
    request = services.join_request_create(team=team, user=UserFactory())
    with pytest.raises(PermissionDenied):
        services.join_request_decide(join_request=request, leader=member, accept=True)


def test_declined_request_adds_nobody():
    team = TeamFactory(hackathon=HackathonFactory(phase="open"))
    asker = UserFactory()
    request = services.join_request_create(team=team, user=asker)
    services.join_request_decide(join_request=request, leader=team.leader, accept=False)
    assert not TeamMembership.objects.filter(user=asker).exists()


def test_last_member_leaving_deletes_team():
    team = TeamFactory(hackathon=HackathonFactory(phase="open"))
    services.team_leave(team=team, user=team.leader)
    assert not Team.objects.filter(pk=team.pk).exists()


# --- submissions --------------------------------------------------------------------------


def test_solo_participant_submits_and_project_is_published(monkeypatch):
    published = []
    monkeypatch.setattr(services, "project_publish_from_hackathon", lambda **kw: published.append(kw))
    awarded = []
    monkeypatch.setattr(services, "points_award", lambda **kw: awarded.append(kw))
    hackathon = HackathonFactory(phase="running")
    user = UserFactory()
    HackathonParticipation.objects.create(hackathon=hackathon, user=user)
    submission = services.submission_save(
        hackathon=hackathon, user=user, data=data(technologies=["Python", "Twilio"])
    )
    assert submission.team is None and submission.owner == user
    assert published[0]["source_key"] == f"hackathon-submission:{submission.pk}"
    assert published[0]["technologies"] == ["Python", "Twilio"]
    assert published[0]["creator"] == user and published[0]["collaborators"] == []
    assert awarded == [{"member": user, "reason": "hackathon_submit", "source": submission}]


def test_team_submission_by_leader_lists_members_as_collaborators(monkeypatch):
    published = []
    monkeypatch.setattr(services, "project_publish_from_hackathon", lambda **kw: published.append(kw))
    hackathon = HackathonFactory(phase="running")
    team = TeamFactory(hackathon=hackathon)
    mate = UserFactory()
    add_member(team, mate)
    track = TrackFactory(hackathon=hackathon)
    submission = services.submission_save(hackathon=hackathon, user=team.leader, data=data(track=track))
    assert submission.team == team and submission.track == track
    assert published[0]["collaborators"] == [mate]


def test_team_member_who_is_not_leader_cannot_submit():
    hackathon = HackathonFactory(phase="running")
    team = TeamFactory(hackathon=hackathon)
    mate = UserFactory()
    add_member(team, mate)
    with pytest.raises(PermissionDenied):
        services.submission_save(hackathon=hackathon, user=mate, data=data())


def test_submission_edit_updates_same_row_until_deadline():
    hackathon = HackathonFactory(phase="running")
    user = UserFactory()
    HackathonParticipation.objects.create(hackathon=hackathon, user=user)
    first = services.submission_save(hackathon=hackathon, user=user, data=data())
    second = services.submission_save(hackathon=hackathon, user=user, data=data(title="Rain alert v2"))
    assert first.pk == second.pk
    assert Submission.objects.get().title == "Rain alert v2"


def test_submission_frozen_after_deadline():
    hackathon = HackathonFactory(phase="running")
    user = UserFactory()
    HackathonParticipation.objects.create(hackathon=hackathon, user=user)
    services.submission_save(hackathon=hackathon, user=user, data=data())
    set_phase(hackathon, "judging")
    with pytest.raises(ValidationError, match="closed"):
        services.submission_save(hackathon=hackathon, user=user, data=data(title="Changed"))
    assert Submission.objects.get().title == "Rain alert"


def test_submission_before_hacking_starts_is_rejected():
    hackathon = HackathonFactory(phase="open")
    user = UserFactory()
    HackathonParticipation.objects.create(hackathon=hackathon, user=user)
    with pytest.raises(ValidationError, match="open when hacking starts"):
        services.submission_save(hackathon=hackathon, user=user, data=data())


def test_non_participant_cannot_submit():
    with pytest.raises(ValidationError, match="Join"):
        services.submission_save(hackathon=HackathonFactory(phase="running"), user=UserFactory(), data=data())


def test_track_of_another_hackathon_is_rejected():
    hackathon = HackathonFactory(phase="running")
    user = UserFactory()
    HackathonParticipation.objects.create(hackathon=hackathon, user=user)
    with pytest.raises(ValidationError):
        services.submission_save(hackathon=hackathon, user=user, data=data(track=TrackFactory()))


def test_solo_submitter_cannot_then_join_a_team():
    hackathon = HackathonFactory(phase="running")
    user = UserFactory()
    HackathonParticipation.objects.create(hackathon=hackathon, user=user)
    services.submission_save(hackathon=hackathon, user=user, data=data())
    with pytest.raises(ValidationError, match="on your own"):
        services.team_join(team=TeamFactory(hackathon=hackathon), user=user)


def test_team_submission_appears_in_project_showcase_for_every_member():
    from apps.projects.models import Project

    hackathon = HackathonFactory(phase="running", title="Rain Hack")
    team = TeamFactory(hackathon=hackathon)
    mate = UserFactory()
    add_member(team, mate)
    submission = services.submission_save(
        hackathon=hackathon,
        user=team.leader,
        data=data(technologies=["Go"], demo_url="https://example.com/demo"),
    )
    services.submission_save(hackathon=hackathon, user=team.leader, data=data(title="Rain alert v2"))
    project = Project.objects.get(source_key=f"hackathon-submission:{submission.pk}")
    assert project.title == "Rain alert v2"
    assert project.creator == team.leader
    assert dict(project.memberships.values_list("member", "role")) == {
        team.leader.pk: "owner",
        mate.pk: "lead",
    }
