"""A mentor passes the head of their queue on to another mentor, with a reason; the work keeps
its hand-in time, so it does not move backwards, and never returns to that mentor."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.programs.models import MissionSubmission, SubmissionRelease
from apps.programs.services import (
    SubmissionData,
    queue_escalate_due,
    queue_position,
    submission_create,
    submission_release,
)
from tests.programs.factories import MissionFactory, enrol, make_mentor

pytestmark = pytest.mark.django_db

LINK = SubmissionData(link="https://github.com/ada/shop")
REASON = "I know this learner personally."


def _hand_in(cohort, mission, hours_ago=0, mentor=None):
    submission = submission_create(mission=mission, member=enrol(cohort).user, data=LINK)
    then = timezone.now() - datetime.timedelta(hours=hours_ago)
    changes = {"queued_at": then, "submitted_at": then} | ({"mentor": mentor} if mentor else {})
    MissionSubmission.objects.filter(pk=submission.pk).update(**changes)
    submission.refresh_from_db()
    return submission


def test_released_work_goes_to_another_mentor_at_its_place_by_age(cohort):
    first, second = make_mentor(cohort), make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    released = _hand_in(cohort, mission, hours_ago=50, mentor=first)
    older_there = _hand_in(cohort, mission, hours_ago=60, mentor=second)
    newer_there = _hand_in(cohort, mission, hours_ago=10, mentor=second)
    queued_at = released.queued_at

    submission_release(submission=released, mentor=first, reason=REASON)

    released.refresh_from_db()
    assert released.mentor == second and released.queued_at == queued_at
    assert queue_position(submission=older_there) == 1
    assert queue_position(submission=released) == 2  # ahead of work handed in after it
    assert queue_position(submission=newer_there) == 3
    assert SubmissionRelease.objects.get().reason == REASON


def test_released_work_goes_where_it_waits_behind_the_fewest(cohort):
    first, busy, free = make_mentor(cohort), make_mentor(cohort), make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    released = _hand_in(cohort, mission, hours_ago=20, mentor=first)
    _hand_in(cohort, mission, hours_ago=30, mentor=busy)

    submission_release(submission=released, mentor=first, reason=REASON)

    released.refresh_from_db()
    assert released.mentor == free and queue_position(submission=released) == 1


def test_only_the_head_of_ones_own_queue_can_be_released(cohort):
    first, second = make_mentor(cohort), make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    head = _hand_in(cohort, mission, hours_ago=5, mentor=first)
    behind = _hand_in(cohort, mission, hours_ago=1, mentor=first)

    with pytest.raises(ValidationError, match="head of your queue"):
        submission_release(submission=behind, mentor=first, reason=REASON)
    with pytest.raises(ValidationError, match="another mentor"):
        submission_release(submission=head, mentor=second, reason=REASON)
    with pytest.raises(ValidationError, match="10 to 500"):
        submission_release(submission=head, mentor=first, reason="  no  ")
    assert not SubmissionRelease.objects.exists()


def test_with_no_other_mentor_it_waits_unassigned_and_a_new_mentor_gets_it_with_its_age(cohort):
    only = make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    released = _hand_in(cohort, mission, hours_ago=5, mentor=only)
    queued_at = released.queued_at

    submission_release(submission=released, mentor=only, reason=REASON)
    queue_escalate_due()
    released.refresh_from_db()
    assert released.mentor is None  # never back to the mentor who released it

    newcomer = make_mentor(cohort)
    assert queue_escalate_due() == 1
    released.refresh_from_db()
    assert released.mentor == newcomer and released.queued_at == queued_at


def test_escalation_never_gives_released_work_back(cohort):
    first, second = make_mentor(cohort), make_mentor(cohort)
    mission = MissionFactory(program=cohort.program)
    released = _hand_in(cohort, mission, hours_ago=100, mentor=first)
    submission_release(submission=released, mentor=first, reason=REASON)
    for hours in (200, 150, 120):  # second's queue is long; first's is empty
        _hand_in(cohort, mission, hours_ago=hours, mentor=second)

    queue_escalate_due()

    released.refresh_from_db()
    assert released.mentor == second


def test_a_mentor_releases_from_the_review_page_and_bad_reasons_are_messages(client, cohort):
    first, second = make_mentor(cohort), make_mentor(cohort)
    submission = _hand_in(cohort, MissionFactory(program=cohort.program), hours_ago=3, mentor=first)
    client.force_login(first)
    url = reverse("programs:review-release", args=[submission.pk])

    short = client.post(url, {"reason": "no"})
    assert short.status_code == 200 and "at least 10 characters" in short.content.decode()
    response = client.post(url, {"reason": "<b>Conflict</b> of interest here"})

    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.mentor == second
    client.force_login(second)
    page = client.get(reverse("programs:review-create", args=[submission.pk])).content.decode()
    assert "&lt;b&gt;Conflict&lt;/b&gt;" in page
    client.force_login(first)
    assert client.post(url, {"reason": REASON}).status_code == 404  # no longer theirs


def test_releasing_is_rate_limited(client, cohort, settings):
    settings.PROGRAMS_WRITE_RATE = "1/h"
    first = make_mentor(cohort)
    submission = _hand_in(cohort, MissionFactory(program=cohort.program), hours_ago=3, mentor=first)
    client.force_login(first)
    url = reverse("programs:review-release", args=[submission.pk])

    client.post(url, {"reason": "x"})

    assert client.post(url, {"reason": REASON}).status_code == 429


def test_reasons_a_mentor_wrote_are_in_their_export_and_lose_their_name_on_erase(cohort):
    from apps.programs.privacy import erase_member_data, export_member_data

    first, _second = make_mentor(cohort), make_mentor(cohort)
    submission = _hand_in(cohort, MissionFactory(program=cohort.program), hours_ago=3, mentor=first)
    submission_release(submission=submission, mentor=first, reason=REASON)

    assert export_member_data(first)["submissions_passed_on"][0]["reason"] == REASON
    erase_member_data(first)
    assert SubmissionRelease.objects.get().mentor is None
