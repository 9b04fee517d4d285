from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from apps.programs.models import (
    Cohort,
    CohortMembership,
    Mission,
    Organization,
    OrganizationMember,
    Program,
)
from apps.programs.services import ApplicationData, application_create, application_decide
from tests.accounts.factories import UserFactory

RUBRIC = [
    {
        "name": "Works",
        "description": "",
        "levels": [{"label": "No", "points": 0}, {"label": "Yes", "points": 6}],
    },
    {
        "name": "Readable",
        "description": "",
        "levels": [{"label": "Hard", "points": 0}, {"label": "Clear", "points": 4}],
    },
]


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Community {n}")
    slug = factory.Sequence(lambda n: f"community-{n}")


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    title = factory.Sequence(lambda n: f"Backend Program {n}")
    slug = factory.Sequence(lambda n: f"backend-{n}")
    summary = "Build and ship a Django service with a mentor."
    description = "## What you do\n\nShip real work."
    track = "builders"
    organization = factory.SubFactory(OrganizationFactory)
    is_published = True


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=14))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=100))
    capacity = 10
    applications_open_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    applications_close_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    enrolment_mode = Cohort.Mode.APPLICATION


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission

    program = factory.SubFactory(ProgramFactory)
    title = factory.Sequence(lambda n: f"Mission {n}")
    brief = "Build the **thing**."
    due_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    deliverable = Mission.Deliverable.LINK
    rubric = factory.LazyFunction(lambda: [dict(c) for c in RUBRIC])
    published_at = factory.LazyFunction(timezone.now)


def make_director(organization, **kwargs):
    user = UserFactory(**kwargs)
    OrganizationMember.objects.create(
        organization=organization, user=user, role=OrganizationMember.Role.DIRECTOR
    )
    return user


def make_mentor(cohort, **kwargs):
    user = UserFactory(**kwargs)
    cohort.mentors.add(user)
    return user


def apply(cohort, user=None, **kwargs):
    user = user or UserFactory()
    data = ApplicationData(
        motivation="I want to build production Django services with a mentor.", availability="10 h a week, WAT",
        **kwargs,
    )  # fmt: skip
    return application_create(program=cohort.program, cohort=cohort, applicant=user, data=data)


def enrol(cohort, user=None) -> CohortMembership:
    """An accepted learner in `cohort`."""
    application = apply(cohort, user)
    if application.status != "accepted":
        director = UserFactory()
        OrganizationMember.objects.get_or_create(
            organization=cohort.program.organization, user=director, role=OrganizationMember.Role.DIRECTOR
        )
        application_decide(application=application, decision="accept", by=director)
    return CohortMembership.objects.get(program=cohort.program, user=application.applicant)
