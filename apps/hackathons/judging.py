"""Judging: who may score what (recusal), saving scores, the live ranking and publishing it.

The ranking rule itself (per-judge z-scores, weights, tie-break) is in
`apps.hackathons.ranking` and is quoted on the leaderboard page.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from apps.core.live import publish
from apps.hackathons.live import leaderboard_channel
from apps.hackathons.models import Criterion, Hackathon, Judge, Score, Submission, TeamMembership
from apps.hackathons.ranking import Entry, Ranked, RawScore, rank
from apps.hackathons.services import site_url, submission_members
from apps.mailer.services import email_enqueue
from apps.notifications.services import notify
from apps.profiles.services import points_award


def is_judge(*, hackathon: Hackathon, user) -> bool:
    return user.is_authenticated and Judge.objects.filter(hackathon=hackathon, user=user).exists()


def submissions_for_judge(*, hackathon: Hackathon, judge) -> QuerySet[Submission]:
    """The submissions `judge` may see and score: never their own team's or their own solo
    entry (recusal)."""
    own_team_ids = TeamMembership.objects.filter(hackathon=hackathon, user=judge).values("team_id")
    return (
        Submission.objects.filter(hackathon=hackathon)
        .exclude(team_id__in=own_team_ids)
        .exclude(team__isnull=True, owner=judge)
        .select_related("team", "owner", "track")
        .order_by("submitted_at", "id")
    )


def submission_get_for_judging(*, hackathon: Hackathon, user, submission_id: int) -> Submission:
    """Access helper: a judge of `hackathon` opening a submission they are not recused from;
    anything else is a 404 (a recused judge is not even told the submission exists)."""
    from django.http import Http404

    if not is_judge(hackathon=hackathon, user=user):
        raise PermissionDenied
    submission = submissions_for_judge(hackathon=hackathon, judge=user).filter(pk=submission_id).first()
    if submission is None:
        raise Http404("No such submission.")
    return submission


def _judging_open(hackathon: Hackathon) -> None:
    if hackathon.results_published:
        raise ValidationError("Results are published; scores can no longer change.", code="published")
    if timezone.now() < hackathon.submission_deadline:
        raise ValidationError("Judging starts when submissions close.", code="not_started")


@transaction.atomic
def scores_save(*, submission: Submission, judge, values: dict[int, tuple[int, str]]) -> list[Score]:
    """Save `judge`'s score (1-10) and comment for each criterion id in `values`."""
    # Read afresh: the results may have been published since the page was loaded.
    hackathon = Hackathon.objects.get(pk=submission.hackathon_id)
    _judging_open(hackathon)
    if not submissions_for_judge(hackathon=hackathon, judge=judge).filter(pk=submission.pk).exists():
        raise PermissionDenied("You cannot judge this submission.")
    criteria = {c.pk: c for c in Criterion.objects.filter(hackathon=hackathon)}
    saved = []
    for criterion_id, (value, comment) in values.items():
        if criterion_id not in criteria:
            raise ValidationError("Unknown criterion.", code="criterion")
        if not 1 <= int(value) <= 10:
            raise ValidationError("Scores go from 1 to 10.", code="range")
        score, _ = Score.objects.update_or_create(
            submission=submission,
            judge=judge,
            criterion=criteria[criterion_id],
            defaults={"value": int(value), "comment": comment.strip()[:2000]},
        )
        saved.append(score)
    publish(leaderboard_channel(hackathon.pk), "scores")
    return saved


def _current_scores(hackathon: Hackathon) -> QuerySet[Score]:
    """Scores of people who are judges now: removing a judge removes their say."""
    judges = Judge.objects.filter(hackathon=hackathon).values("user_id")
    return Score.objects.filter(submission__hackathon=hackathon, judge_id__in=judges)


def ranking_compute(*, hackathon: Hackathon) -> list[Ranked]:
    """The ranking as it stands now (live preview for organisers; stored on publishing)."""
    criteria = dict(Criterion.objects.filter(hackathon=hackathon).values_list("pk", "weight"))
    scores = [
        RawScore(submission_id=s, judge_id=j, criterion_id=c, value=v)
        for s, j, c, v in _current_scores(hackathon).values_list(
            "submission_id", "judge_id", "criterion_id", "value"
        )
    ]
    entries = [
        Entry(submission_id=pk, submitted_at=at, track_id=track)
        for pk, at, track in Submission.objects.filter(hackathon=hackathon).values_list(
            "pk", "submitted_at", "track_id"
        )
    ]
    return rank(scores=scores, weights=criteria, entries=entries)


@transaction.atomic
def results_publish(*, hackathon: Hackathon, by) -> list[Ranked]:
    """Store the ranking, publish the leaderboard and tell every team: one email per member
    (idempotent keys), an in-app notification, and points for the winners."""
    given, hackathon = hackathon, Hackathon.objects.select_for_update().get(pk=hackathon.pk)
    if hackathon.results_published:
        raise ValidationError("The results are already published.", code="published")
    if timezone.now() < hackathon.submission_deadline:
        raise ValidationError("Results can be published once submissions have closed.", code="too_early")
    ranked = ranking_compute(hackathon=hackathon)
    by_id = {r.submission_id: r for r in ranked}
    submissions = list(
        Submission.objects.filter(hackathon=hackathon).select_related("team", "owner", "track").order_by("id")
    )
    for submission in submissions:
        result = by_id.get(submission.pk)
        submission.final_score = round(result.score, 6) if result else None
        submission.rank = result.rank if result else None
        submission.track_winner = bool(result and result.track_winner)
    Submission.objects.bulk_update(submissions, ["final_score", "rank", "track_winner"])
    hackathon.results_published_at = timezone.now()
    hackathon.save(update_fields=["results_published_at"])
    given.results_published_at = hackathon.results_published_at

    feedback = _feedback_by_submission(hackathon)
    leaderboard_url = site_url(reverse("hackathons:leaderboard", kwargs={"slug": hackathon.slug}))
    for submission in submissions:
        winner = submission.rank == 1 or submission.track_winner
        context = {
            "hackathon_title": hackathon.title,
            "entrant_name": submission.entrant_name,
            "project_title": submission.title,
            "rank": submission.rank,
            "entries": len(ranked),
            "score": None if submission.final_score is None else f"{submission.final_score:.3f}",
            "track_winner": submission.track_winner,
            "track_name": submission.track.name if submission.track_id else "",
            "criteria": feedback[submission.pk]["criteria"],
            "comments": feedback[submission.pk]["comments"],
            "leaderboard_url": leaderboard_url,
        }
        for member in submission_members(submission):
            email_enqueue(
                to=member.email,
                template="hackathons/results",
                context=context | {"name": member.display_name},
                key=f"hackathon-results:{hackathon.pk}:{submission.pk}:{member.pk}",
                related=submission,
            )
            notify(
                recipient=member,
                kind="hackathon_result",
                verb=f"published the results of {hackathon.title}",
                actor=by,
                target=hackathon,
                url=leaderboard_url,
            )
            if winner:
                points_award(member=member, reason="hackathon_win", source=submission)
    return ranked


def _feedback_by_submission(hackathon: Hackathon) -> dict[int, dict]:
    """Per submission: each criterion's mean raw score, and the judges' comments (judges are
    numbered, not named)."""
    judge_numbers: dict[int, int] = {}
    sums: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    comments: dict[int, list[dict]] = defaultdict(list)
    scores = (
        _current_scores(hackathon)
        .select_related("criterion")
        .order_by("judge_id", "criterion__order", "criterion_id")
    )
    for score in scores:
        number = judge_numbers.setdefault(score.judge_id, len(judge_numbers) + 1)
        sums[score.submission_id][score.criterion.name].append(score.value)
        if score.comment:
            comments[score.submission_id].append(
                {"judge": f"Judge {number}", "criterion": score.criterion.name, "comment": score.comment}
            )
    return defaultdict(
        lambda: {"criteria": [], "comments": []},
        {
            pk: {
                "criteria": [
                    {"name": name, "average": f"{sum(values) / len(values):.1f}"}
                    for name, values in by_name.items()
                ],
                "comments": comments[pk],
            }
            for pk, by_name in sums.items()
        },
    )
