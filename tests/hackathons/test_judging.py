from __future__ import annotations

import math
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from apps.hackathons import judging
from apps.hackathons.models import Judge, Score, Submission
from apps.hackathons.ranking import Entry, RawScore, rank
from apps.mailer.models import OutboxEmail
from apps.notifications.models import Notification
from apps.profiles.models import PointsEntry
from tests.accounts.factories import UserFactory
from tests.hackathons.factories import (
    CriterionFactory,
    HackathonFactory,
    JudgeFactory,
    SubmissionFactory,
    TeamFactory,
    TrackFactory,
    add_member,
)

T0 = timezone.now() - timedelta(days=3)

# The worked example. Two criteria, innovation (weight 40) and execution (weight 60); judge
# A is harsh and spreads scores wide, judge B is generous and narrow.
#               A: inn  exe     B: inn  exe
#   S1              2    4         10   10
#   S2              6    2          8    9
#   S3              4    6          9    8
# Raw totals rank S3 (27) > S1 (26) > S2 (25). Normalised per judge:
#   A: mean 4, population sd sqrt(16/6) = 1.63299 -> 2 = -k, 4 = 0, 6 = +k, k = sqrt(3/2)
#   B: mean 9, population sd sqrt(4/6) = 0.81650 -> 8 = -k, 9 = 0, 10 = +k
#   S1: inn (-k + k)/2 = 0, exe (0 + k)/2 = k/2   -> (40*0 + 60*k/2)/100 = 0.3k =  0.367423
#   S2: inn (k - k)/2 = 0,  exe (-k + 0)/2 = -k/2 -> -0.3k = -0.367423
#   S3: inn (0 + 0)/2 = 0,  exe (k - k)/2 = 0     ->  0
# so the normalised ranking is S1, S3, S2: the generous judge's 10s no longer outweigh.
K = math.sqrt(3 / 2)
EXAMPLE = {  # (submission, judge): (innovation, execution)
    (1, "A"): (2, 4), (2, "A"): (6, 2), (3, "A"): (4, 6),
    (1, "B"): (10, 10), (2, "B"): (8, 9), (3, "B"): (9, 8),
}  # fmt: skip


def test_worked_example_pure_ranking():
    judges = {"A": 101, "B": 102}
    scores = []
    for (sub, judge), (inn, exe) in EXAMPLE.items():
        scores.append(RawScore(sub, judges[judge], criterion_id=10, value=inn))
        scores.append(RawScore(sub, judges[judge], criterion_id=20, value=exe))
    entries = [Entry(submission_id=n, submitted_at=T0) for n in (1, 2, 3)]
    ranked = rank(scores=scores, weights={10: 40, 20: 60}, entries=entries)
    assert [r.submission_id for r in ranked] == [1, 3, 2]
    assert [r.rank for r in ranked] == [1, 2, 3]
    by_id = {r.submission_id: r for r in ranked}
    assert by_id[1].score == pytest.approx(0.3 * K)
    assert by_id[1].score == pytest.approx(0.367423, abs=1e-6)
    assert by_id[3].score == pytest.approx(0.0)
    assert by_id[2].score == pytest.approx(-0.3 * K)
    assert by_id[1].criterion_values[20] == pytest.approx(K / 2)


def test_constant_judge_contributes_zero():
    scores = [RawScore(1, 7, 1, 9), RawScore(2, 7, 1, 9)]
    ranked = rank(scores=scores, weights={1: 100}, entries=[Entry(1, T0), Entry(2, T0)])
    assert [r.score for r in ranked] == [0.0, 0.0]


def test_tie_broken_by_raw_mean_then_earlier_submission_then_id():
    # Judge 1 gives both 5 (z = 0 for both): equal weighted scores and raw means, so the
    # earlier submission ranks first even though its id is higher.
    scores = [RawScore(1, 1, 1, 5), RawScore(2, 1, 1, 5)]
    entries = [Entry(1, T0 + timedelta(hours=1)), Entry(2, T0)]
    assert [r.submission_id for r in rank(scores=scores, weights={1: 1}, entries=entries)] == [2, 1]
    # Same time: the lower id wins.
    entries = [Entry(1, T0), Entry(2, T0)]
    assert [r.submission_id for r in rank(scores=scores, weights={1: 1}, entries=entries)] == [1, 2]
    # Equal z (each judge scored only one entry) but a higher raw mean wins before time.
    scores = [RawScore(1, 1, 1, 4), RawScore(2, 2, 1, 9)]
    entries = [Entry(1, T0), Entry(2, T0 + timedelta(hours=1))]
    assert [r.submission_id for r in rank(scores=scores, weights={1: 1}, entries=entries)] == [2, 1]


def test_unscored_submissions_are_not_ranked_and_track_winners_follow_ranking():
    scores = [RawScore(1, 1, 1, 3), RawScore(2, 1, 1, 8), RawScore(3, 1, 1, 6)]
    entries = [Entry(1, T0, track_id=5), Entry(2, T0, track_id=6), Entry(3, T0, track_id=5), Entry(4, T0, 5)]
    ranked = rank(scores=scores, weights={1: 1}, entries=entries)
    assert [r.submission_id for r in ranked] == [2, 3, 1]
    assert {r.submission_id for r in ranked if r.track_winner} == {2, 3}


@pytest.fixture
def judged(db):
    """The worked example in the database, in the judging phase, with three teams."""
    hackathon = HackathonFactory(phase="judging")
    innovation = CriterionFactory(hackathon=hackathon, name="Innovation", weight=40, order=0)
    execution = CriterionFactory(hackathon=hackathon, name="Execution", weight=60, order=1)
    track = TrackFactory(hackathon=hackathon, name="Health")
    judge_a, judge_b = JudgeFactory(hackathon=hackathon).user, JudgeFactory(hackathon=hackathon).user
    subs = {}
    for n in (1, 2, 3):
        team = TeamFactory(hackathon=hackathon, name=f"Team {n}")
        add_member(team, UserFactory())
        subs[n] = SubmissionFactory(
            hackathon=hackathon,
            team=team,
            owner=team.leader,
            submitted_at=T0,
            track=track if n == 3 else None,
        )
    for (n, judge), (inn, exe) in EXAMPLE.items():
        user = judge_a if judge == "A" else judge_b
        judging.scores_save(
            submission=subs[n],
            judge=user,
            values={innovation.pk: (inn, f"{judge} likes it"), execution.pk: (exe, "")},
        )
    return hackathon, subs, judge_a


def test_ranking_from_database_matches_worked_example(judged):
    hackathon, subs, _ = judged
    ranked = judging.ranking_compute(hackathon=hackathon)
    assert [r.submission_id for r in ranked] == [subs[1].pk, subs[3].pk, subs[2].pk]
    assert ranked[0].score == pytest.approx(0.3 * K)


def test_publish_stores_ranks_and_emails_every_member_once(
    judged, django_capture_on_commit_callbacks, mailoutbox
):
    hackathon, subs, _judge = judged
    with django_capture_on_commit_callbacks(execute=True):
        judging.results_publish(hackathon=hackathon, by=hackathon.organiser)
    hackathon.refresh_from_db()
    assert hackathon.results_published
    assert [s.pk for s in Submission.objects.filter(hackathon=hackathon).order_by("rank")] == [
        subs[1].pk, subs[3].pk, subs[2].pk,
    ]  # fmt: skip
    assert Submission.objects.get(pk=subs[3].pk).track_winner
    # Three teams of two: six emails, one per member, each about their own team.
    assert OutboxEmail.objects.count() == 6
    assert len(mailoutbox) == 6
    winner_emails = [m for m in mailoutbox if "Team 1" in m.body]
    assert len(winner_emails) == 2
    assert "Rank: 1 of 3" in winner_emails[0].body
    assert (
        "normalised" not in winner_emails[0].body
    )  # the normalised total (e.g. 0.002) means nothing to a team
    assert "Innovation: 6.0" in winner_emails[0].body  # (2 + 10) / 2
    assert "A likes it" in winner_emails[0].body
    assert "Team 2" not in winner_emails[0].body
    # In-app notice for every member; points for the winning team (and the track winner).
    assert Notification.objects.filter(kind="hackathon_result").count() == 6
    winners = {e.member_id for e in PointsEntry.objects.filter(reason="hackathon_win")}
    expected = set(subs[1].team.memberships.values_list("user_id", flat=True)) | set(
        subs[3].team.memberships.values_list("user_id", flat=True)
    )
    assert winners == expected


def test_publish_twice_is_refused_and_sends_nothing_more(judged):
    hackathon, _, _ = judged
    judging.results_publish(hackathon=hackathon, by=hackathon.organiser)
    with pytest.raises(ValidationError, match="already"):
        judging.results_publish(hackathon=hackathon, by=hackathon.organiser)
    assert OutboxEmail.objects.count() == 6


def test_scores_locked_after_publishing(judged):
    hackathon, subs, judge = judged
    judging.results_publish(hackathon=hackathon, by=hackathon.organiser)
    criterion = hackathon.criteria.first()
    with pytest.raises(ValidationError, match="published"):
        judging.scores_save(submission=subs[1], judge=judge, values={criterion.pk: (1, "")})


def test_publish_before_submissions_close_is_refused(db):
    hackathon = HackathonFactory(phase="running")
    with pytest.raises(ValidationError, match="closed"):
        judging.results_publish(hackathon=hackathon, by=hackathon.organiser)


def test_judge_on_a_team_never_sees_that_teams_submission(db):
    hackathon = HackathonFactory(phase="judging")
    criterion = CriterionFactory(hackathon=hackathon)
    team = TeamFactory(hackathon=hackathon)
    judge = UserFactory()
    add_member(team, judge)
    JudgeFactory(hackathon=hackathon, user=judge)
    own = SubmissionFactory(hackathon=hackathon, team=team, owner=team.leader)
    other = SubmissionFactory(hackathon=hackathon)
    assert list(judging.submissions_for_judge(hackathon=hackathon, judge=judge)) == [other]
    with pytest.raises(Http404):
        judging.submission_get_for_judging(hackathon=hackathon, user=judge, submission_id=own.pk)
    with pytest.raises(PermissionDenied):
        judging.scores_save(submission=own, judge=judge, values={criterion.pk: (10, "")})
    assert not Score.objects.exists()


def test_judge_never_sees_own_solo_submission(db):
    hackathon = HackathonFactory(phase="judging")
    judge = JudgeFactory(hackathon=hackathon).user
    SubmissionFactory(hackathon=hackathon, owner=judge)
    assert not judging.submissions_for_judge(hackathon=hackathon, judge=judge).exists()


def test_non_judge_cannot_open_submission(db):
    hackathon = HackathonFactory(phase="judging")
    submission = SubmissionFactory(hackathon=hackathon)
    with pytest.raises(PermissionDenied):
        judging.submission_get_for_judging(
            hackathon=hackathon, user=UserFactory(), submission_id=submission.pk
        )


def test_scoring_before_submissions_close_is_refused(db):
    hackathon = HackathonFactory(phase="running")
    judge = JudgeFactory(hackathon=hackathon).user
    criterion = CriterionFactory(hackathon=hackathon)
    submission = SubmissionFactory(hackathon=hackathon)
    with pytest.raises(ValidationError, match="starts when submissions close"):
        judging.scores_save(submission=submission, judge=judge, values={criterion.pk: (5, "")})


@pytest.mark.parametrize("value", [0, 11])
def test_score_out_of_range_is_refused(db, value):
    hackathon = HackathonFactory(phase="judging")
    judge = JudgeFactory(hackathon=hackathon).user
    criterion = CriterionFactory(hackathon=hackathon)
    submission = SubmissionFactory(hackathon=hackathon)
    with pytest.raises(ValidationError, match="1 to 10"):
        judging.scores_save(submission=submission, judge=judge, values={criterion.pk: (value, "")})


def test_removed_judges_scores_no_longer_count(judged):
    hackathon, subs, judge_a = judged
    Judge.objects.filter(hackathon=hackathon, user=judge_a).delete()
    # Only judge B is left: S1 (10, 10) > S3 (9, 8) > S2 (8, 9) on execution weight 60.
    ranked = judging.ranking_compute(hackathon=hackathon)
    assert [r.submission_id for r in ranked] == [subs[1].pk, subs[2].pk, subs[3].pk]
