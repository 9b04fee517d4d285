"""Rubrics frozen once published, numbered iterations, FIFO review queues that never move
anyone back, escalation after 72 hours, and completion."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.mailer.models import OutboxEmail
from apps.programs.models import CohortMembership, Mission, MissionSubmission, Review
from apps.programs.services import (
    MissionData,
    SubmissionData,
    mission_create,
    mission_publish,
    mission_update,
    queue_escalate_due,
    queue_position,
    review_create,
    rubric_parse,
    submission_create,
)
from tests.programs.factories import RUBRIC, CohortFactory, MissionFactory, enrol, make_mentor

LINK = SubmissionData(link="https://github.com/ada/shop")


def _data(**changes) -> MissionData:
    values = {
        "title": "Ship an API", "brief": "Build it.", "due_at": timezone.now() + datetime.timedelta(days=3),
        "deliverable": Mission.Deliverable.LINK, "rubric": RUBRIC,
    }  # fmt: skip
    return MissionData(**(values | changes))


def _review(submission, mentor, verdict="approved", scores=(1, 1)):
    return review_create(
        submission=submission,
        mentor=mentor,
        scores=list(scores),
        comment="Clear and working.",
        verdict=verdict,
    )


# --- Rubrics -------------------------------------------------------------------------------


def test_the_rubric_can_change_while_the_mission_is_a_draft(cohort):
    mission = mission_create(program=cohort.program, data=_data())

    mission_update(mission=mission, data=_data(rubric=[RUBRIC[0]]))

    mission.refresh_from_db()
    assert [c["name"] for c in mission.rubric] == ["Works"]


def test_the_rubric_is_frozen_once_published(cohort):
    mission = mission_create(program=cohort.program, data=_data())
    mission_publish(mission=mission)

    with pytest.raises(ValidationError, match="frozen"):
        mission_update(mission=mission, data=_data(rubric=[RUBRIC[0]]))

    mission_update(mission=mission, data=_data(title="Ship a better API"))  # the rest stays editable
    mission.refresh_from_db()
    assert len(mission.rubric) == 2 and mission.title == "Ship a better API"


@pytest.mark.parametrize(
    "text",
    [
        "Works",
        "Works: Yes",
        "Works: Yes = many; No = 0",
        "Works: Yes = 500; No = 0",
        ":" + "; ".join(["a = 1"] * 2),
    ],
)
def test_malformed_rubrics_are_refused_with_a_message(text):
    with pytest.raises(ValidationError):
        rubric_parse(text)


def test_a_typed_rubric_becomes_criteria_with_levels():
    rubric = rubric_parse("Works: No = 0; Yes = 6\nReadable: Hard = 0; Clear = 4\n")

    assert rubric == RUBRIC


# --- Iterations ----------------------------------------------------------------------------


def test_a_resubmission_is_a_new_iteration_and_keeps_the_earlier_one(cohort):
    mentor = make_mentor(cohort)
    learner = enrol(cohort).user
    mission = MissionFactory(program=cohort.program)
    first = submission_create(mission=mission, member=learner, data=LINK)
    _review(first, mentor, verdict="changes", scores=(0, 1))

    second = submission_create(
        mission=mission, member=learner, data=SubmissionData(link="https://github.com/ada/shop2")
    )

    assert (first.iteration, second.iteration) == (1, 2)
    first.refresh_from_db()
    assert first.status == MissionSubmission.Status.CHANGES and first.review.verdict == "changes"
    assert second.status == MissionSubmission.Status.WAITING and second.mentor == mentor


def test_a_second_iteration_waits_until_the_first_is_reviewed(cohort):
    make_mentor(cohort)
    learner = enrol(cohort).user
    mission = MissionFactory(program=cohort.program)
    submission_create(mission=mission, member=learner, data=LINK)

    with pytest.raises(ValidationError, match="still waiting"):
        submission_create(mission=mission, member=learner, data=LINK)


def test_a_learner_of_another_cohort_cannot_hand_in_a_cohort_mission(cohort):
    mission = MissionFactory(program=cohort.program, cohort=CohortFactory(program=cohort.program))
    learner = enrol(cohort).user

    with pytest.raises(ValidationError, match="not part of your cohort"):
        submission_create(mission=mission, member=learner, data=LINK)


def test_an_unpublished_mission_cannot_be_handed_in(cohort):
    mission = MissionFactory(program=cohort.program, published_at=None)

    with pytest.raises(ValidationError):
        submission_create(mission=mission, member=enrol(cohort).user, data=LINK)


# --- Reviews and the queue -----------------------------------------------------------------


def test_a_review_scores_the_rubric_and_tells_the_learner(cohort):
    mentor = make_mentor(cohort)
    learner = enrol(cohort).user
    submission = submission_create(mission=MissionFactory(program=cohort.program), member=learner, data=LINK)

    review = _review(submission, mentor, verdict="changes", scores=(1, 0))

    assert review.points == 6
    assert OutboxEmail.objects.filter(template="programs/review_received", recipients=learner.email).exists()


@pytest.mark.parametrize("scores", [[1], [1, 2], [1, -1], ["1", 0]])
def test_scores_outside_the_rubric_are_refused(cohort, scores):
    mentor = make_mentor(cohort)
    submission = submission_create(
        mission=MissionFactory(program=cohort.program), member=enrol(cohort).user, data=LINK
    )

    with pytest.raises(ValidationError):
        review_create(submission=submission, mentor=mentor, scores=scores, comment="ok", verdict="approved")


def test_the_queue_is_first_in_first_out(cohort):
    mentor = make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    older = submission_create(mission=mission, member=enrol(cohort).user, data=LINK)
    newer = submission_create(mission=mission, member=enrol(cohort).user, data=LINK)

    with pytest.raises(ValidationError, match="oldest"):
        _review(newer, mentor)
    _review(older, mentor)

    assert queue_position(submission=MissionSubmission.objects.get(pk=newer.pk)) == 1


def test_another_mentors_submission_cannot_be_reviewed(cohort):
    make_mentor(cohort)
    submission = submission_create(
        mission=MissionFactory(program=cohort.program), member=enrol(cohort).user, data=LINK
    )
    stranger = make_mentor(CohortFactory())

    with pytest.raises(ValidationError, match="another mentor"):
        _review(submission, stranger)


def test_positions_never_grow_as_new_work_arrives(cohort):
    make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    mine = submission_create(mission=mission, member=enrol(cohort).user, data=LINK)
    positions = [queue_position(submission=mine)]
    for _ in range(3):
        submission_create(mission=mission, member=enrol(cohort).user, data=LINK)
        positions.append(queue_position(submission=mine))

    assert positions == [1, 1, 1, 1]


def test_new_work_goes_to_the_mentor_with_the_shortest_queue(cohort):
    first, second = make_mentor(cohort), make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)

    a = submission_create(mission=mission, member=enrol(cohort).user, data=LINK)
    b = submission_create(mission=mission, member=enrol(cohort).user, data=LINK)

    assert {a.mentor_id, b.mentor_id} == {first.pk, second.pk}


def _age(submission, hours):
    then = timezone.now() - datetime.timedelta(hours=hours)
    MissionSubmission.objects.filter(pk=submission.pk).update(queued_at=then, submitted_at=then)


def test_work_waiting_72_hours_is_passed_to_a_mentor_with_a_shorter_queue(cohort):
    slow = make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    stale = submission_create(mission=mission, member=enrol(cohort).user, data=LINK)
    _age(stale, 73)
    fresh = make_mentor(cohort)

    assert queue_escalate_due() == 1

    stale.refresh_from_db()
    assert stale.mentor == fresh and stale.escalated_at is not None
    assert queue_position(submission=stale) == 1
    assert slow.pk != fresh.pk


def test_escalation_never_moves_anyone_back(cohort):
    """The stale one joins the end of the other queue (nobody there moves back) and only
    when that is no worse than where it is."""
    slow = make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    stale = submission_create(mission=mission, member=enrol(cohort).user, data=LINK)
    _age(stale, 80)
    busy = make_mentor(cohort)
    queued = []
    for _ in range(2):
        s = submission_create(mission=mission, member=enrol(cohort).user, data=LINK)
        MissionSubmission.objects.filter(pk=s.pk).update(mentor=busy)
        queued.append(s)
    before = [queue_position(submission=MissionSubmission.objects.get(pk=s.pk)) for s in queued]

    assert queue_escalate_due() == 0  # position 1 here would become 3 there

    stale.refresh_from_db()
    assert stale.mentor == slow
    assert [queue_position(submission=MissionSubmission.objects.get(pk=s.pk)) for s in queued] == before


def test_work_younger_than_72_hours_stays(cohort):
    make_mentor(cohort)
    submission = submission_create(
        mission=MissionFactory(program=cohort.program), member=enrol(cohort).user, data=LINK
    )
    _age(submission, 71)
    make_mentor(cohort)

    assert queue_escalate_due() == 0


# --- Completion ----------------------------------------------------------------------------


def test_approving_every_mission_completes_the_learner(cohort):
    mentor = make_mentor(cohort)
    membership = enrol(cohort)
    missions = [MissionFactory(program=cohort.program), MissionFactory(program=cohort.program, cohort=cohort)]
    MissionFactory(program=cohort.program, published_at=None)  # a draft does not count

    _review(submission_create(mission=missions[0], member=membership.user, data=LINK), mentor)
    membership.refresh_from_db()
    assert membership.status == CohortMembership.Status.ACTIVE

    _review(submission_create(mission=missions[1], member=membership.user, data=LINK), mentor)
    membership.refresh_from_db()
    assert membership.status == CohortMembership.Status.COMPLETED and membership.completed_at


def test_completing_a_program_awards_points_once_and_the_badge(cohort, django_capture_on_commit_callbacks):
    from apps.profiles.models import BadgeAward, PointsEntry
    from apps.programs.services import membership_check_complete

    mentor = make_mentor(cohort)
    membership = enrol(cohort)
    mission = MissionFactory(program=cohort.program)

    with django_capture_on_commit_callbacks(execute=True):
        _review(submission_create(mission=mission, member=membership.user, data=LINK), mentor)
        membership_check_complete(membership=membership)

    points = PointsEntry.objects.filter(member=membership.user, reason="program_complete")
    assert [entry.amount for entry in points] == [200]
    assert BadgeAward.objects.filter(member=membership.user, badge="program_complete").exists()


def test_changes_requested_do_not_complete(cohort):
    mentor = make_mentor(cohort)
    membership = enrol(cohort)
    mission = MissionFactory(program=cohort.program)

    _review(submission_create(mission=mission, member=membership.user, data=LINK), mentor, verdict="changes")

    membership.refresh_from_db()
    assert membership.status == CohortMembership.Status.ACTIVE
    assert Review.objects.count() == 1


def test_the_programs_courses_must_be_completed_too(cohort):
    from apps.learning.models import Certificate, Course, Enrollment
    from apps.programs.services import memberships_complete_due

    course = Course.objects.create(slug="django-basics", title="Django basics", summary="Models to views.")
    cohort.program.courses.add(course)
    mentor = make_mentor(cohort)
    membership = enrol(cohort)
    _review(
        submission_create(mission=MissionFactory(program=cohort.program), member=membership.user, data=LINK),
        mentor,
    )
    membership.refresh_from_db()
    assert membership.status == CohortMembership.Status.ACTIVE

    Enrollment.objects.create(user=membership.user, course=course, completed_at=timezone.now())
    assert memberships_complete_due() == 1

    membership.refresh_from_db()
    assert membership.status == CohortMembership.Status.COMPLETED
    assert Certificate.objects.filter(user=membership.user, course=course).count() == 1


def test_the_periodic_tasks_escalate_and_complete(cohort):
    from apps.programs.tasks import programs_complete_learners, programs_escalate_reviews

    make_mentor(cohort)
    submission = submission_create(
        mission=MissionFactory(program=cohort.program), member=enrol(cohort).user, data=LINK
    )
    _age(submission, 100)
    make_mentor(cohort)

    assert programs_escalate_reviews.call_local() == 1
    assert programs_complete_learners.call_local() == 0
