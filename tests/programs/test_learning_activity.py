"""Learning in the learning app (a lesson completed, an exercise attempted) counts as activity
on the director dashboard: it makes a learner active and keeps them off the at-risk list."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.learning.models import Attempt, LessonProgress
from apps.programs.dashboards import cohort_stats
from apps.programs.models import CohortMembership
from tests.learning.factories import ExerciseFactory, LessonFactory
from tests.programs.factories import CohortFactory, enrol, make_director

pytestmark = pytest.mark.django_db
D = datetime.timedelta(days=1)


@pytest.fixture
def idle_cohort():
    """Three learners who joined 30 days ago and did nothing in the program since."""
    now = timezone.now()
    cohort = CohortFactory()
    learners = [enrol(cohort).user for _ in range(3)]
    CohortMembership.objects.filter(cohort=cohort).update(
        joined_at=now - 30 * D, last_activity_at=now - 30 * D
    )
    return cohort, learners


def test_lessons_and_attempts_make_learners_active_and_not_at_risk(idle_cohort):
    cohort, (reader, coder, idle) = idle_cohort
    now = timezone.now()
    LessonProgress.objects.create(user=reader, lesson=LessonFactory(), completed_at=now - 2 * D)
    exercise = ExerciseFactory()
    Attempt.objects.create(user=coder, exercise=exercise, version=exercise.current_version, code="x",
                           created_at=now - 5 * D)  # fmt: skip

    stats = cohort_stats(cohort)

    assert stats.funnel_numbers == {"Applied": 3, "Accepted": 3, "Active": 2, "Completed": 0}
    assert [(row.membership.user, row.idle_days) for row in stats.at_risk] == [(idle, 30)]


def test_old_learning_does_not_count(idle_cohort):
    cohort, (reader, coder, _idle) = idle_cohort
    now = timezone.now()
    # Before joining the cohort, and within the cohort but over 14 days ago.
    LessonProgress.objects.create(user=reader, lesson=LessonFactory(), completed_at=now - 40 * D)
    exercise = ExerciseFactory()
    Attempt.objects.create(user=coder, exercise=exercise, version=exercise.current_version, code="x",
                           created_at=now - 20 * D)  # fmt: skip

    stats = cohort_stats(cohort)

    assert stats.funnel_numbers["Active"] == 1  # the attempt was after joining
    assert sorted(row.idle_days for row in stats.at_risk) == [20, 30, 30]


def test_the_director_page_and_learner_csv_count_learning(client, idle_cohort, director_export):
    cohort, (reader, _coder, _idle) = idle_cohort
    LessonProgress.objects.create(user=reader, lesson=LessonFactory(), completed_at=timezone.now() - 1 * D)
    client.force_login(make_director(cohort.program.organization))

    page = client.get(reverse("programs:director")).content.decode()
    header, *lines = director_export(client, "learners")
    rows = [dict(zip(header, line, strict=True)) for line in lines]

    at_risk_list = page.split("At risk (2)")[1].split("</ul>")[0]
    assert reader.display_name not in at_risk_list
    reader_row = next(r for r in rows if r["handle"] == reader.handle)
    assert (reader_row["idle_days"], reader_row["at_risk"]) == ("1", "")
