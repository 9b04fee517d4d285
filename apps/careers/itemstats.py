"""Item statistics for the staff page, as pure functions over finished sessions' answers: an
item's mean and spread, its corrected item-total correlation, and Cronbach's alpha per track.

Likert answers are taken as they count (reverse-worded items turned round, x' = 6 - x), so a
good item of a track correlates positively with the rest of that track's items. An item whose
correlation is near zero or negative measures something else: a weak item to rewrite.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from apps.careers.scoring import CHOICE, FIRST, LIKERT, ItemSpec, adjusted
from apps.careers.tracks import TRACK_SLUGS


@dataclass(frozen=True)
class ItemStat:
    item: ItemSpec
    n: int
    mean: float | None  # Likert: mean adjusted answer (1-5); choice: share choosing the first
    spread: float | None  # sample standard deviation
    item_total: float | None  # corrected item-total correlation within the item's track


@dataclass(frozen=True)
class TrackReliability:
    track: str
    items: int
    n: int
    alpha: float | None


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """Pearson's r, or None when either side does not vary or there are fewer than 3 pairs."""
    if len(xs) < 3 or len(set(xs)) < 2 or len(set(ys)) < 2:
        return None
    return statistics.correlation(xs, ys)


def cronbach_alpha(rows: list[list[float]]) -> float | None:
    """alpha = k/(k-1) · (1 - Σ item variances / variance of the totals), for rows of k item
    scores each (one row per person); None below two items or two people, or with no spread."""
    if len(rows) < 2 or not rows[0] or len(rows[0]) < 2:
        return None
    k = len(rows[0])
    item_variances = sum(statistics.variance([row[i] for row in rows]) for i in range(k))
    total_variance = statistics.variance([sum(row) for row in rows])
    if total_variance == 0:
        return None
    return k / (k - 1) * (1 - item_variances / total_variance)


def _value(item: ItemSpec, answers: Mapping[str, int]) -> float:
    if item.kind == CHOICE:
        return 1.0 if answers[item.key] == FIRST else 0.0
    return float(adjusted(answers[item.key], reverse=item.reverse))


def item_statistics(items: Iterable[ItemSpec], sessions: list[Mapping[str, int]]) -> list[ItemStat]:
    items = list(items)
    by_track = {t: [i for i in items if i.kind == LIKERT and i.track == t] for t in TRACK_SLUGS}
    stats: list[ItemStat] = []
    for item in items:
        answered = [s for s in sessions if item.key in s]
        values = [_value(item, s) for s in answered]
        item_total = None
        if item.kind == LIKERT:
            others = [o for o in by_track[item.track] if o.key != item.key]
            complete = [s for s in answered if all(o.key in s for o in others)]
            item_total = pearson(
                [_value(item, s) for s in complete], [sum(_value(o, s) for o in others) for s in complete]
            )
        stats.append(
            ItemStat(
                item=item,
                n=len(values),
                mean=statistics.fmean(values) if values else None,
                spread=statistics.stdev(values) if len(values) >= 2 else None,
                item_total=item_total,
            )
        )
    return stats


def track_reliability(items: Iterable[ItemSpec], sessions: list[Mapping[str, int]]) -> list[TrackReliability]:
    """Cronbach's alpha of each track's Likert items, over the sessions that answered them all."""
    items = list(items)
    out = []
    for track in TRACK_SLUGS:
        mine = [i for i in items if i.kind == LIKERT and i.track == track]
        rows = [[_value(i, s) for i in mine] for s in sessions if all(i.key in s for i in mine)]
        out.append(TrackReliability(track=track, items=len(mine), n=len(rows), alpha=cronbach_alpha(rows)))
    return out
