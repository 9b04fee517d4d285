"""The director's and the sponsor's numbers on one worked example, and what the sponsor
page never shows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.programs.dashboards import cohort_stats, percentile, sponsor_stats
from apps.programs.models import CohortMembership, MissionSubmission, OrganizationMember, Review
from apps.programs.services import (
    SubmissionData,
    application_decide,
    membership_set_quote,
    review_create,
    submission_create,
)
from tests.accounts.factories import UserFactory
from tests.programs.factories import (
    CohortFactory,
    MissionFactory,
    OrganizationFactory,
    apply,
    enrol,
    make_director,
    make_mentor,
)

pytestmark = pytest.mark.django_db
H = datetime.timedelta(hours=1)
D = datetime.timedelta(days=1)


@pytest.fixture
def example():
    """Four applicants, three accepted (Ada, Bola, Chidi), one rejected. Missions M1 and M2
    are past due, M3 is not. Ada has all three approved (complete); Bola has M1 approved and
    missed M2; Chidi handed in nothing and was last seen 20 days ago. Reviews took 10, 20,
    30 and 40 hours."""
    now = timezone.now()
    cohort = CohortFactory(name="Spring")
    director = make_director(cohort.program.organization)
    mentor = make_mentor(cohort)
    ada, bola, chidi = (
        UserFactory(first_name=n, last_name="Learner", handle=n.lower()) for n in ("Ada", "Bola", "Chidi")
    )
    for user in (ada, bola, chidi):
        enrol(cohort, user)
    application_decide(application=apply(cohort), decision="reject", by=director)
    missions = [MissionFactory(program=cohort.program, title=f"M{n}") for n in (1, 2, 3)]
    work = [
        (ada, missions[0], 4, 10),
        (ada, missions[1], 2, 20),
        (ada, missions[2], 1, 30),
        (bola, missions[0], 4, 40),
    ]
    for user, mission, days_ago, hours in work:
        submission = submission_create(
            mission=mission, member=user, data=SubmissionData(link="https://e.com")
        )
        review = review_create(
            submission=submission, mentor=mentor, scores=[1, 1], comment="Good.", verdict="approved"
        )
        handed = now - days_ago * D
        MissionSubmission.objects.filter(pk=submission.pk).update(submitted_at=handed, queued_at=handed)
        Review.objects.filter(pk=review.pk).update(created_at=handed + hours * H)
    missions[0].__class__.objects.filter(pk=missions[0].pk).update(due_at=now - 3 * D)
    missions[1].__class__.objects.filter(pk=missions[1].pk).update(due_at=now - 1 * D)
    CohortMembership.objects.filter(user=chidi).update(last_activity_at=now - 20 * D)
    membership_set_quote(
        membership=CohortMembership.objects.get(user=ada), quote="I shipped my first API.", shared=True
    )
    membership_set_quote(
        membership=CohortMembership.objects.get(user=bola), quote="Bola's private words.", shared=False
    )
    return cohort, director, (ada, bola, chidi)


def test_the_funnel_counts_applied_accepted_active_completed(example):
    cohort, _director, _people = example

    stats = cohort_stats(cohort)

    assert stats.funnel_numbers == {"Applied": 4, "Accepted": 3, "Active": 2, "Completed": 1}
    assert [(bar.label, bar.value, bar.of) for bar in stats.missions] == [
        ("M1", 2, 3),
        ("M2", 1, 3),
        ("M3", 1, 3),
    ]


def test_review_times_median_and_p90(example):
    stats = cohort_stats(example[0])

    assert (stats.reviews, stats.review_hours_median, stats.review_hours_p90) == (4, 25.0, 40.0)


def test_at_risk_learners_are_idle_or_missed_two_deadlines(example):
    cohort, _director, (_ada, _bola, chidi) = example

    rows = cohort_stats(cohort).at_risk

    assert [(row.membership.user, row.missed) for row in rows] == [(chidi, 2)]
    assert rows[0].idle_days == 20


def test_percentile_is_nearest_rank():
    assert percentile(list(range(1, 11)), 0.9) == 9
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([], 0.5) is None


def test_the_director_page_shows_the_numbers_and_an_accessible_chart(client, example):
    _cohort, director, _people = example
    client.force_login(director)

    html = client.get(reverse("programs:director")).content.decode()

    assert 'data-stage="applied">4<' in html and 'data-stage="completed">1<' in html
    assert 'role="img"' in html and "<title id=" in html and "<desc" in html
    assert "median 25.0 h" in html and "Chidi" in html


def test_the_director_csv_has_a_row_per_cohort(client, example, director_export):
    _cohort, director, _people = example
    client.force_login(director)

    rows = director_export(client, "cohorts")

    assert rows[0][:3] == ["program", "cohort", "applied"]
    assert rows[1][1:7] == ["Spring", "4", "3", "2", "1", "4"]


def test_sponsors_see_aggregates_and_shared_quotes_only(client, example):
    cohort, _director, people = example
    sponsor = OrganizationFactory(name="Acme Bank", kind="sponsor")
    cohort.sponsors.add(sponsor)
    viewer = UserFactory()
    OrganizationMember.objects.create(
        organization=sponsor, user=viewer, role=OrganizationMember.Role.SPONSOR_VIEWER
    )
    client.force_login(viewer)
    from apps.learning.models import Certificate, Course

    course = Course.objects.create(slug="django", title="Django", summary="Models to views.")
    other = Course.objects.create(slug="go", title="Go", summary="Not in the program.")
    cohort.program.courses.add(course)
    ada = people[0]
    Certificate.objects.create(number="C-1", user=ada, course=course, course_title="Django")
    Certificate.objects.create(number="C-2", user=ada, course=other, course_title="Go")
    Certificate.objects.create(
        number="C-3", user=people[1], course=course, course_title="Django", revoked_at=timezone.now()
    )

    [row] = sponsor_stats(sponsor)
    html = client.get(reverse("programs:sponsor", args=[sponsor.slug])).content.decode()

    assert (row.learners, row.completed, row.certificates, row.missions_approved) == (3, 1, 1, 4)
    assert "I shipped my first API." in html
    assert "private words" not in html
    for person in people:
        assert person.first_name not in html and person.email not in html and f"@{person.handle}" not in html


def test_a_plain_member_of_the_sponsor_cannot_read_its_page(client, example):
    sponsor = OrganizationFactory()
    member = UserFactory()
    OrganizationMember.objects.create(organization=sponsor, user=member, role=OrganizationMember.Role.MEMBER)
    client.force_login(member)

    assert client.get(reverse("programs:sponsor", args=[sponsor.slug])).status_code == 404


def test_unverified_staff_do_not_get_the_director_page(client, example):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(reverse("programs:director")).status_code == 404


def test_verified_staff_get_the_director_page(staff_client, example):
    assert staff_client.get(reverse("programs:director")).status_code == 200


def test_the_learner_csv_says_where_each_learner_is_and_why_at_risk(client, example, director_export):
    _cohort, director, (_ada, bola, _chidi) = example
    type(bola).objects.filter(pk=bola.pk).update(first_name="=cmd")
    client.force_login(director)

    header, *rows = director_export(client, "learners")

    by_handle = {row["handle"]: row for row in (dict(zip(header, row, strict=True)) for row in rows)}
    assert set(by_handle) == {"ada", "bola", "chidi"}
    assert by_handle["ada"]["status"] == "Completed" and by_handle["ada"]["missions_approved"] == "3"
    assert by_handle["chidi"]["at_risk"] == "2 missed deadlines; no activity for 20 days"
    assert by_handle["bola"]["at_risk"] == "" and by_handle["bola"]["learner"].startswith("'=")


def test_the_learner_csv_needs_a_director(client, example):
    client.force_login(UserFactory())

    assert client.post(reverse("programs:director-export", args=["learners"])).status_code == 404
