"""The ranking arithmetic, free of the database so it can be checked by hand.

How a leaderboard is computed (shown on the leaderboard page too):

1. **Per-judge z-scores.** Every score a judge gave (all submissions, all criteria) is one
   sample. Each score becomes z = (score - that judge's mean) / that judge's standard deviation
   (population). A harsh judge (all 3s and 5s) and a generous one (all 8s and 10s) then count
   the same; a judge who gave every entry the same score (deviation 0) contributes z = 0,
   since they did not tell entries apart.
2. **Per criterion.** A submission's value for a criterion is the mean z over the judges who
   scored it on that criterion; a criterion nobody scored counts as 0 (the average).
3. **Weighting.** The weighted score is sum(weight * criterion value) / sum(weights), over all the
   hackathon's criteria.
4. **Order and ties.** Highest weighted score first (compared to 9 decimal places). Ties are
   broken by, in turn: the higher mean raw score (1 to 10) over all its scores; then the earlier
   first submission; then the lower submission number. So ranks are always 1, 2, 3, … with no
   shared places. Submissions nobody scored are not ranked.
5. **Tracks.** Track winners come from the same ordering: the best-ranked submission of each
   track wins it.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

TIE_BREAK_RULE = (
    "Ties on the weighted score are broken by the higher average raw score, then the earlier "
    "first submission, then the lower submission number."
)


@dataclass(frozen=True)
class RawScore:
    submission_id: int
    judge_id: int
    criterion_id: int
    value: int


@dataclass(frozen=True)
class Entry:
    submission_id: int
    submitted_at: datetime
    track_id: int | None = None


@dataclass
class Ranked:
    submission_id: int
    score: float
    raw_mean: float
    rank: int
    track_id: int | None
    track_winner: bool = False
    criterion_values: dict[int, float] = field(default_factory=dict)


def judge_z_scores(scores: list[RawScore]) -> dict[RawScore, float]:
    """z-score of every score against the other scores of the same judge."""
    by_judge: dict[int, list[RawScore]] = defaultdict(list)
    for score in scores:
        by_judge[score.judge_id].append(score)
    result: dict[RawScore, float] = {}
    for judge_scores in by_judge.values():
        values = [s.value for s in judge_scores]
        mean = sum(values) / len(values)
        deviation = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
        for score in judge_scores:
            result[score] = 0.0 if deviation == 0 else (score.value - mean) / deviation
    return result


def rank(*, scores: list[RawScore], weights: dict[int, int], entries: list[Entry]) -> list[Ranked]:
    """Ranked submissions, best first (see the module docstring for the rule)."""
    z = judge_z_scores(scores)
    per_criterion: dict[tuple[int, int], list[float]] = defaultdict(list)
    raw: dict[int, list[int]] = defaultdict(list)
    for score, value in z.items():
        per_criterion[(score.submission_id, score.criterion_id)].append(value)
        raw[score.submission_id].append(score.value)
    total_weight = sum(weights.values()) or 1
    ranked: list[Ranked] = []
    for entry in entries:
        if not raw[entry.submission_id]:
            continue
        values = {
            criterion_id: (
                sum(per_criterion[(entry.submission_id, criterion_id)])
                / len(per_criterion[(entry.submission_id, criterion_id)])
                if per_criterion[(entry.submission_id, criterion_id)]
                else 0.0
            )
            for criterion_id in weights
        }
        weighted = sum(weights[c] * v for c, v in values.items()) / total_weight
        raw_values = raw[entry.submission_id]
        ranked.append(
            Ranked(
                submission_id=entry.submission_id,
                score=weighted,
                raw_mean=sum(raw_values) / len(raw_values),
                rank=0,
                track_id=entry.track_id,
                criterion_values=values,
            )
        )
    submitted = {entry.submission_id: entry.submitted_at for entry in entries}
    ranked.sort(
        key=lambda r: (-round(r.score, 9), -round(r.raw_mean, 9), submitted[r.submission_id], r.submission_id)
    )
    seen_tracks: set[int] = set()
    for position, item in enumerate(ranked, start=1):
        item.rank = position
        if item.track_id is not None and item.track_id not in seen_tracks:
            seen_tracks.add(item.track_id)
            item.track_winner = True
    return ranked
