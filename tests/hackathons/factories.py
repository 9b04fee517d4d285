from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from apps.hackathons.models import (
    Criterion,
    Hackathon,
    HackathonParticipation,
    Judge,
    Submission,
    Team,
    TeamMembership,
    Track,
)
from tests.accounts.factories import UserFactory


def phase_dates(phase: str, *, now=None) -> dict:
    """Dates that put a hackathon in `phase` now: upcoming, open, running, judging, ended.
    Registration stays open until a day before the submission deadline."""
    now = now or timezone.now()
    day = timedelta(days=1)
    starts = {
        "upcoming": now + 10 * day,
        "open": now + 3 * day,
        "running": now - day,
        "judging": now - 5 * day,
        "ended": now - 20 * day,
    }[phase]
    opens = starts - 7 * day
    deadline = starts + 2 * day
    return {
        "registration_opens_at": opens,
        "starts_at": starts,
        "registration_deadline": deadline - day / 2,
        "submission_deadline": deadline,
        "judging_ends_at": deadline + 7 * day if phase != "judging" else now + 2 * day,
    }


class HackathonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hackathon
        skip_postgeneration_save = True

    class Params:
        phase = "open"

    title = factory.Sequence(lambda n: f"Hack {n}")
    slug = factory.Sequence(lambda n: f"hack-{n}")
    tagline = "Build something useful"
    description = "## About\nBuild **things**."
    organiser = factory.SubFactory(UserFactory)
    registration_opens_at = factory.LazyAttribute(lambda o: phase_dates(o.phase)["registration_opens_at"])
    registration_deadline = factory.LazyAttribute(lambda o: phase_dates(o.phase)["registration_deadline"])
    starts_at = factory.LazyAttribute(lambda o: phase_dates(o.phase)["starts_at"])
    submission_deadline = factory.LazyAttribute(lambda o: phase_dates(o.phase)["submission_deadline"])
    judging_ends_at = factory.LazyAttribute(lambda o: phase_dates(o.phase)["judging_ends_at"])
    max_team_size = 4


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HackathonParticipation

    hackathon = factory.SubFactory(HackathonFactory)
    user = factory.SubFactory(UserFactory)


class TeamFactory(factory.django.DjangoModelFactory):
    """A team with its leader as first member (counters set as the services would)."""

    class Meta:
        model = Team
        skip_postgeneration_save = True

    hackathon = factory.SubFactory(HackathonFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    leader = factory.SubFactory(UserFactory)
    join_code = factory.Sequence(lambda n: f"code{n:06d}")
    member_count = 1

    @factory.post_generation
    def with_leader(obj, create, extracted, **kwargs):
        if create:
            HackathonParticipation.objects.get_or_create(hackathon=obj.hackathon, user=obj.leader)
            TeamMembership.objects.create(team=obj, hackathon=obj.hackathon, user=obj.leader)


def add_member(team: Team, user) -> None:
    HackathonParticipation.objects.get_or_create(hackathon=team.hackathon, user=user)
    TeamMembership.objects.create(team=team, hackathon=team.hackathon, user=user)
    team.member_count += 1
    team.save(update_fields=["member_count"])


class TrackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Track

    hackathon = factory.SubFactory(HackathonFactory)
    name = factory.Sequence(lambda n: f"Track {n}")


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    hackathon = factory.SubFactory(HackathonFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 50


class JudgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Judge

    hackathon = factory.SubFactory(HackathonFactory)
    user = factory.SubFactory(UserFactory)


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    hackathon = factory.SubFactory(HackathonFactory)
    team = None
    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    description = "It works."


def set_phase(hackathon: Hackathon, phase: str) -> Hackathon:
    """Move a hackathon's dates so it is in `phase` now (e.g. from running to judging)."""
    Hackathon.objects.filter(pk=hackathon.pk).update(**phase_dates(phase))
    hackathon.refresh_from_db()
    return hackathon
