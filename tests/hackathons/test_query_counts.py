"""Pinned query counts for the pages that list things: the same at 1 and at 50 rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.hackathons.models import Hackathon
from apps.profiles.services import skill_get_or_create
from tests.accounts.factories import UserFactory
from tests.hackathons.factories import (
    CriterionFactory,
    HackathonFactory,
    JudgeFactory,
    SubmissionFactory,
    TeamFactory,
    add_member,
)

pytestmark = pytest.mark.django_db


def _teams(hackathon, n):
    skill = skill_get_or_create(name="Go")
    for _ in range(n):
        team = TeamFactory(hackathon=hackathon)
        team.looking_for.add(skill)
        add_member(team, UserFactory())


@pytest.mark.parametrize("rows", [1, 50])
def test_teams_page(member_client, django_assert_num_queries, rows):
    hackathon = HackathonFactory(phase="open", max_team_size=4)
    _teams(hackathon, rows)
    member_client.get("/hackathons/")  # the first request of a session records it
    # user; hackathon; viewer state (3); teams, looking_for, memberships; viewer skills
    with django_assert_num_queries(8):
        response = member_client.get(reverse("hackathons:teams", kwargs={"slug": hackathon.slug}))
    assert len(response.context["all_teams"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_leaderboard_page(client, django_assert_num_queries, rows):
    hackathon = HackathonFactory(phase="ended")
    Hackathon.objects.filter(pk=hackathon.pk).update(results_published_at=hackathon.judging_ends_at)
    for rank in range(1, rows + 1):
        team = TeamFactory(hackathon=hackathon)
        SubmissionFactory(
            hackathon=hackathon, team=team, owner=team.leader, rank=rank, final_score=1.0 / rank
        )
    # hackathon; ranked submissions
    with django_assert_num_queries(2):
        response = client.get(reverse("hackathons:leaderboard", kwargs={"slug": hackathon.slug}))
    assert len(response.context["rows"]) == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_judging_list(client, django_assert_num_queries, rows):
    hackathon = HackathonFactory(phase="judging")
    CriterionFactory(hackathon=hackathon)
    judge = JudgeFactory(hackathon=hackathon).user
    for _ in range(rows):
        SubmissionFactory(hackathon=hackathon, team=TeamFactory(hackathon=hackathon))
    client.force_login(judge)
    client.get("/hackathons/")
    # user; hackathon; is judge; submissions; ids of those already scored
    with django_assert_num_queries(4):
        response = client.get(reverse("hackathons:judging", kwargs={"slug": hackathon.slug}))
    assert len(response.context["submissions"]) == rows


def test_profile_skills_count_in_team_matching(member_client):
    from apps.profiles.models import Profile

    hackathon = HackathonFactory(phase="open")
    team = TeamFactory(hackathon=hackathon, name="Gophers")
    team.looking_for.add(skill_get_or_create(name="Go"))
    TeamFactory(hackathon=hackathon, name="Others")
    Profile.objects.create(user=member_client.user).skills.add(skill_get_or_create(name="go"))
    response = member_client.get(reverse("hackathons:teams", kwargs={"slug": hackathon.slug}))
    looking = response.context["teams_looking"]
    assert looking[0].name == "Gophers" and looking[0].match_count == 1
