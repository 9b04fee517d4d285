"""Pinned query counts for the pages that list things: the same at 1 and at 50 rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.learning.models import Attempt, LessonProgress
from apps.programs.services import SubmissionData, submission_create
from tests.accounts.factories import UserFactory
from tests.learning.factories import ExerciseFactory, LessonFactory
from tests.programs.factories import CohortFactory, MissionFactory, ProgramFactory, apply, enrol, make_mentor

pytestmark = pytest.mark.django_db


def test_program_list(client, assert_page_queries):
    def add(n):
        for _ in range(n):
            CohortFactory(program=ProgramFactory())

    # programs (count + page), their cohorts with seats
    assert_page_queries(client, reverse("programs:program-list"), add_rows=add, expected=3)


def test_my_applications(member_client, assert_page_queries):
    def add(n):
        for _ in range(n):
            apply(CohortFactory(capacity=0, enrolment_mode="open"), member_client.user)  # waitlisted

    # count, page (with waiting-list places)
    assert_page_queries(member_client, reverse("programs:application-list"), add_rows=add, expected=2)


def test_application_review(client, cohort, director, assert_page_queries):
    client.force_login(director)

    def add(n):
        for _ in range(n):
            apply(cohort)

    url = reverse("programs:application-review", args=[cohort.program.slug])
    # program, director check; count, page; cohorts with seats, their mentors
    assert_page_queries(client, url, add_rows=add, expected=6)


def test_review_queue(client, assert_page_queries):
    cohort = CohortFactory(capacity=100)
    mentor = make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    client.force_login(mentor)

    def add(n):
        for _ in range(n):
            submission_create(
                mission=mission, member=enrol(cohort).user, data=SubmissionData(link="https://e.com")
            )

    # count, page
    assert_page_queries(client, reverse("programs:review-queue"), add_rows=add, expected=2)


def test_cohort_home_with_many_learners_and_missions(client, assert_page_queries):
    cohort = CohortFactory(capacity=100)
    learner = enrol(cohort).user
    client.force_login(learner)

    def add(n):
        for _ in range(n):
            enrol(cohort, UserFactory())
            MissionFactory(program=cohort.program)

    page = assert_page_queries(client, reverse("programs:cohort-home", args=[cohort.pk]), add_rows=add)
    assert page.count <= 12


def test_director_dashboard(client, assert_page_queries):
    from tests.programs.factories import make_director

    first = CohortFactory(capacity=100)
    program = first.program
    director = make_director(program.organization)
    mentor = make_mentor(first)
    client.force_login(director)
    lesson, exercise = LessonFactory(), ExerciseFactory()

    def add(n):
        for _ in range(n):
            cohort = CohortFactory(program=program, capacity=100)
            cohort.mentors.add(mentor)
            mission = MissionFactory(program=program, cohort=cohort)
            learner = enrol(cohort).user
            submission = submission_create(
                mission=mission, member=learner, data=SubmissionData(link="https://e.com")
            )
            from apps.programs.services import review_create

            # Learning activity counts towards active and at risk, in the same queries.
            LessonProgress.objects.create(user=learner, lesson=lesson)
            Attempt.objects.create(
                user=learner, exercise=exercise, version=exercise.current_version, code="x"
            )

            review_create(
                submission=submission, mentor=mentor, scores=[1, 1], comment="Good.", verdict="changes"
            )
            apply(cohort)

    # role, any program; programs, cohorts, missions; seven for the figures of every cohort at once
    assert_page_queries(client, reverse("programs:director"), add_rows=add, expected=12)


def test_sponsor_page(client, assert_page_queries):
    from apps.programs.models import OrganizationMember
    from tests.programs.factories import OrganizationFactory

    sponsor = OrganizationFactory(kind="sponsor")
    viewer = UserFactory()
    OrganizationMember.objects.create(
        organization=sponsor, user=viewer, role=OrganizationMember.Role.SPONSOR_VIEWER
    )
    client.force_login(viewer)

    def add(n):
        for _ in range(n):
            cohort = CohortFactory(capacity=100)
            cohort.sponsors.add(sponsor)
            membership = enrol(cohort)
            from apps.programs.services import membership_set_quote

            membership_set_quote(membership=membership, quote="Great mentors.", shared=True)

    # organization, role; cohorts, counts, approvals, quotes, certificates
    assert_page_queries(client, reverse("programs:sponsor", args=[sponsor.slug]), add_rows=add, expected=7)
