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


def test_teams_page(member_client, assert_page_queries):
    hackathon = HackathonFactory(phase="open", max_team_size=4)
    url = reverse("hackathons:teams", kwargs={"slug": hackathon.slug})
    # user; hackathon; viewer state (3); teams, looking_for, memberships; viewer skills
    page = assert_page_queries(member_client, url, add_rows=lambda n: _teams(hackathon, n), expected=8)
    assert len(page.response.context["all_teams"]) == 50


def test_leaderboard_page(client, assert_page_queries):
    hackathon = HackathonFactory(phase="ended")
    Hackathon.objects.filter(pk=hackathon.pk).update(results_published_at=hackathon.judging_ends_at)

    def add_ranked(n):
        for _ in range(n):
            team = TeamFactory(hackathon=hackathon)
            rank = hackathon.submissions.count() + 1
            SubmissionFactory(
                hackathon=hackathon, team=team, owner=team.leader, rank=rank, final_score=1.0 / rank
            )

    url = reverse("hackathons:leaderboard", kwargs={"slug": hackathon.slug})
    # hackathon; ranked submissions
    page = assert_page_queries(client, url, add_rows=add_ranked, expected=2)
    assert len(page.response.context["rows"]) == 50


def test_judging_list(client, assert_page_queries):
    hackathon = HackathonFactory(phase="judging")
    CriterionFactory(hackathon=hackathon)
    judge = JudgeFactory(hackathon=hackathon).user

    def add_submissions(n):
        for _ in range(n):
            SubmissionFactory(hackathon=hackathon, team=TeamFactory(hackathon=hackathon))

    client.force_login(judge)
    url = reverse("hackathons:judging", kwargs={"slug": hackathon.slug})
    # user; hackathon; is judge; submissions; ids of those already scored
    page = assert_page_queries(client, url, add_rows=add_submissions, expected=4)
    assert len(page.response.context["submissions"]) == 50


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
