from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.hackathons.models import Hackathon, HackathonParticipation, Submission, Team, TeamMembership
from apps.hackathons.privacy import erase_member_data, export_member_data
from apps.hackathons.selectors import hackathon_list_featured
from tests.accounts.factories import UserFactory
from tests.hackathons.factories import HackathonFactory, SubmissionFactory, TeamFactory, add_member

pytestmark = pytest.mark.django_db


def test_export_lists_everything_about_the_member():
    hackathon = HackathonFactory(phase="running")
    team = TeamFactory(hackathon=hackathon, name="Owls")
    SubmissionFactory(hackathon=hackathon, team=team, owner=team.leader, title="Rain alert")
    data = export_member_data(team.leader)
    json.dumps(data)
    assert data["participations"][0]["hackathon"] == hackathon.slug
    assert data["teams"] == [{"hackathon": hackathon.slug, "team": "Owls", "leader": True}]
    assert data["submissions"][0]["title"] == "Rain alert"


def test_erase_hands_over_leadership_and_keeps_public_results():
    hackathon = HackathonFactory(phase="running")
    team = TeamFactory(hackathon=hackathon)
    mate = UserFactory()
    add_member(team, mate)
    hackathon.participant_count = 2
    hackathon.save(update_fields=["participant_count"])
    leader = team.leader
    submission = SubmissionFactory(hackathon=hackathon, team=team, owner=leader)
    organised = HackathonFactory(organiser=leader)
    erase_member_data(leader)
    team.refresh_from_db()
    assert team.leader == mate and team.member_count == 1
    assert not TeamMembership.objects.filter(user=leader).exists()
    assert not HackathonParticipation.objects.filter(user=leader).exists()
    assert Hackathon.objects.get(pk=hackathon.pk).participant_count == 1
    assert Submission.objects.get(pk=submission.pk).owner is None
    assert Hackathon.objects.get(pk=organised.pk).organiser is None
    leader.delete()
    assert Team.objects.filter(pk=team.pk).exists()


def test_featured_for_home_page_is_what_a_visitor_can_join_running_first(django_assert_num_queries):
    open_small = HackathonFactory(phase="open", prize_total=100)
    open_big = HackathonFactory(phase="open", prize_total=9_000, starts_at=open_small.starts_at)
    running = HackathonFactory(phase="running", prize_total=5)
    now = timezone.now()
    # Under way but registration closed: nothing a visitor can do with it.
    HackathonFactory(phase="running", prize_total=99_999, registration_deadline=now - timedelta(hours=1))
    HackathonFactory(phase="open", prize_total=99_999, max_participants=10, participant_count=10)
    HackathonFactory(phase="ended", prize_total=99_999)
    HackathonFactory(phase="upcoming", prize_total=99_999)
    with django_assert_num_queries(2):
        featured = hackathon_list_featured(limit=3)
        [list(h.technologies.all()) for h in featured]
    assert featured == [running, open_big, open_small]
