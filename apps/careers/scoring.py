"""How a quiz's answers become a result: the whole of the scoring, as pure functions.

Nothing here reads the database; `score()` takes the items and the raw answers and returns an
`Outcome`. The "How this works" page (templates/careers/how.html) and the README describe the
same rules in words, with the numbers below, and tests/careers/test_scoring.py checks them on
worked examples. A change to the rules is a new `Rules` entry in `RULES` with the next version
number: results keep the version they were scored with, and kept answers can be scored again
with a newer one (services.result_rescore).

The rules, in order:

1. Likert items are answered 1 (strongly disagree) … 5 (strongly agree). A reverse-worded item
   counts as x' = 6 - x.
2. A track's score in a category is the mean of its (reversed where needed) items there,
   scaled to 0-1: (mean - 1) / 4.
3. Forced-choice pairs set one track's statement against another's. A track's choice score is
   the share of its pairs it won (0-1); it counts beside the categories with `choice_weight`.
4. A track's score is the weighted mean of its category scores (technical aptitude 1.2,
   problem-solving style 1.1, scenario preferences 1.0, work style 0.9) and its choice score.
5. The tracks are ranked by score (ties by the order of TRACKS). The margin is the first
   score minus the second. Confidence: high at a margin of at least `high_margin`, medium at
   least `medium_margin`, low below. A secondary track is named when the margin is below
   `secondary_margin`.
6. Validity: answers with almost no spread (standard deviation of the Likert answers below
   `min_spread`), the same option in at least `same_option_share` of them, or reverse-worded
   twins answered on the same side (agreeing, or disagreeing, with both a statement and its
   opposite) in at least `contradiction_share` of the pairs, make the confidence low whatever
   the margin, with the advice to retake the quiz in a quiet moment.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from apps.careers.tracks import TRACK_SLUGS, track_by_slug

LIKERT = "likert"
CHOICE = "choice"
# A forced choice is stored as 1 (the first statement, `track`) or 2 (the second, `other_track`).
FIRST, SECOND = 1, 2

HIGH, MEDIUM, LOW = "high", "medium", "low"
CONFIDENCE_WORDS = {
    HIGH: "High confidence: this track stands clearly ahead of the others.",
    MEDIUM: "Medium confidence: this track leads, but the next one is not far behind.",
    LOW: "Low confidence: two or more tracks fit you almost equally well.",
}
RETAKE_ADVICE = "Low confidence — retake when you have ten quiet minutes."

# Validity flags, and what each says to the member.
FLAT, SAME_OPTION, CONTRADICTORY = "flat", "same_option", "contradictory"
FLAG_WORDS = {
    FLAT: "Your answers hardly vary from one statement to the next.",
    SAME_OPTION: "Nearly all your answers are the same option.",
    CONTRADICTORY: "Several answers agree (or disagree) with both a statement and its opposite.",
}


@dataclass(frozen=True)
class Category:
    slug: str
    name: str
    weight: float


CATEGORIES: tuple[Category, ...] = (
    Category("technical", "Technical aptitude", 1.2),
    Category("problem_solving", "Problem-solving style", 1.1),
    Category("scenarios", "Scenario preferences", 1.0),
    Category("work_style", "Work style", 0.9),
)
CATEGORY_SLUGS = tuple(c.slug for c in CATEGORIES)
CATEGORY_NAMES = {c.slug: c.name for c in CATEGORIES}


@dataclass(frozen=True)
class Rules:
    version: int
    weights: Mapping[str, float]
    choice_weight: float = 0.8
    high_margin: float = 0.10
    medium_margin: float = 0.05
    secondary_margin: float = 0.10
    min_spread: float = 0.5
    same_option_share: float = 0.9
    contradiction_share: float = 0.5


RULES: dict[int, Rules] = {
    1: Rules(version=1, weights={c.slug: c.weight for c in CATEGORIES}),
}
CURRENT_SCORING_VERSION = max(RULES)


def current_rules() -> Rules:
    return RULES[CURRENT_SCORING_VERSION]


@dataclass(frozen=True)
class ItemSpec:
    """One item as scoring sees it. For a forced choice, `track`/`text` are the first
    statement and `other_track`/`other_text` the second."""

    key: str
    category: str
    kind: str
    track: str
    reverse: bool = False
    text: str = ""
    other_track: str = ""
    other_text: str = ""


@dataclass(frozen=True)
class Reason:
    kind: str  # "category" | "statement" | "choice"
    text: str


@dataclass(frozen=True)
class Outcome:
    scoring_version: int
    track_scores: dict[str, float]
    category_scores: dict[str, dict[str, float | None]]
    choice_scores: dict[str, float | None]
    ranking: list[str]
    primary: str
    secondary: str
    margin: float
    confidence: str
    flags: list[str]
    reasons: list[Reason] = field(default_factory=list)


# --- The steps -------------------------------------------------------------------------------


def adjusted(value: int, *, reverse: bool) -> int:
    """A Likert answer as it counts: reverse-worded items are turned round (x' = 6 - x)."""
    return 6 - value if reverse else value


def scaled(mean: float) -> float:
    """A mean on the 1-5 scale as 0-1."""
    return (mean - 1) / 4


def category_scores(
    items: Iterable[ItemSpec], answers: Mapping[str, int]
) -> dict[str, dict[str, float | None]]:
    """{track: {category: 0-1 or None when no item of it was answered}}."""
    values: dict[tuple[str, str], list[int]] = {}
    for item in items:
        if item.kind == LIKERT and item.key in answers:
            values.setdefault((item.track, item.category), []).append(
                adjusted(answers[item.key], reverse=item.reverse)
            )
    return {
        track: {
            category: (
                scaled(statistics.fmean(values[track, category])) if (track, category) in values else None
            )
            for category in CATEGORY_SLUGS
        }
        for track in TRACK_SLUGS
    }


def choice_scores(items: Iterable[ItemSpec], answers: Mapping[str, int]) -> dict[str, float | None]:
    """{track: share of its answered forced-choice pairs it won, or None if it was in none}."""
    won: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for item in items:
        if item.kind != CHOICE or item.key not in answers:
            continue
        seen[item.track] += 1
        seen[item.other_track] += 1
        won[item.track if answers[item.key] == FIRST else item.other_track] += 1
    return {track: (won[track] / seen[track] if seen[track] else None) for track in TRACK_SLUGS}


def track_scores(
    categories: Mapping[str, Mapping[str, float | None]], choices: Mapping[str, float | None], rules: Rules
) -> dict[str, float]:
    """{track: weighted mean of its category scores and its choice score}; parts without an
    answer are left out of both the sum and the weights."""
    result: dict[str, float] = {}
    for track in TRACK_SLUGS:
        parts = [(rules.weights[c], s) for c, s in categories[track].items() if s is not None]
        if choices.get(track) is not None:
            parts.append((rules.choice_weight, choices[track]))
        total = sum(w for w, _ in parts)
        result[track] = sum(w * s for w, s in parts) / total if total else 0.0
    return result


def ranked(scores: Mapping[str, float]) -> list[str]:
    """Track slugs, best first; a tie keeps the order of TRACKS."""
    return sorted(TRACK_SLUGS, key=lambda slug: (-round(scores[slug], 9), TRACK_SLUGS.index(slug)))


def confidence_for(margin: float, rules: Rules) -> str:
    if margin >= rules.high_margin:
        return HIGH
    if margin >= rules.medium_margin:
        return MEDIUM
    return LOW


def validity_flags(items: Iterable[ItemSpec], answers: Mapping[str, int], rules: Rules) -> list[str]:
    """The checks the answers fail, in the order FLAT, SAME_OPTION, CONTRADICTORY."""
    likert = [item for item in items if item.kind == LIKERT and item.key in answers]
    raw = [answers[item.key] for item in likert]
    flags: list[str] = []
    if len(raw) >= 2 and statistics.pstdev(raw) < rules.min_spread:
        flags.append(FLAT)
    if raw and Counter(raw).most_common(1)[0][1] / len(raw) >= rules.same_option_share:
        flags.append(SAME_OPTION)
    pairs = reverse_pairs(likert)
    contradicted = sum(1 for a, b in pairs if _same_side(answers[a.key], answers[b.key]))
    if pairs and contradicted / len(pairs) >= rules.contradiction_share:
        flags.append(CONTRADICTORY)
    return flags


def reverse_pairs(items: Iterable[ItemSpec]) -> list[tuple[ItemSpec, ItemSpec]]:
    """Each plainly worded item with a reverse-worded twin of the same track and category,
    paired in the order they come."""
    plain: dict[tuple[str, str], list[ItemSpec]] = {}
    reverse: dict[tuple[str, str], list[ItemSpec]] = {}
    for item in items:
        if item.kind == LIKERT:
            (reverse if item.reverse else plain).setdefault((item.track, item.category), []).append(item)
    return [pair for key, firsts in plain.items() for pair in zip(firsts, reverse.get(key, []), strict=False)]


def _same_side(a: int, b: int) -> bool:
    """Both agree (4-5) or both disagree (1-2): with a statement and its opposite, a contradiction."""
    return (a >= 4 and b >= 4) or (a <= 2 and b <= 2)


def reasons_for(
    track: str,
    items: Iterable[ItemSpec],
    answers: Mapping[str, int],
    categories: Mapping[str, Mapping[str, float | None]],
    rules: Rules,
    *,
    limit: int = 3,
) -> list[Reason]:
    """Why `track` came out: its largest weighted category contributions, the statements for
    it the member agreed with most, and the forced choices it won."""
    name = track_by_slug(track).name
    reasons: list[Reason] = []
    contributions = sorted(
        ((rules.weights[c] * s, c, s) for c, s in categories[track].items() if s is not None), reverse=True
    )
    for _weighted, category, score in contributions[:2]:
        reasons.append(
            Reason(
                "category",
                f"{CATEGORY_NAMES[category]} counted most towards {name}: you scored "
                f"{round(score * 100)} of 100 there, a category weighted {rules.weights[category]:g}.",
            )
        )
    items = list(items)
    agreed = sorted(
        (
            (-answers[item.key], -rules.weights[item.category], i, item)
            for i, item in enumerate(items)
            if item.kind == LIKERT
            and item.track == track
            and not item.reverse
            and answers.get(item.key, 0) >= 4
        ),
        key=lambda row: row[:3],
    )
    for value, _w, _i, item in agreed[:limit]:
        strength = "strongly agreed" if -value == 5 else "agreed"
        reasons.append(Reason("statement", f"You {strength}: “{item.text}”"))
    for item in items:
        if item.kind != CHOICE or item.key not in answers:
            continue
        chose_first = answers[item.key] == FIRST
        winner = item.track if chose_first else item.other_track
        if winner == track:
            chosen, other = (item.text, item.other_text) if chose_first else (item.other_text, item.text)
            reasons.append(Reason("choice", f"You chose “{chosen}” over “{other}”"))
    return reasons[: 2 + limit + 2]


def score(items: Iterable[ItemSpec], answers: Mapping[str, int], rules: Rules | None = None) -> Outcome:
    """The result of `answers` ({item key: 1-5, or 1/2 for a forced choice}) to `items`."""
    rules = rules or current_rules()
    items = list(items)
    categories = category_scores(items, answers)
    choices = choice_scores(items, answers)
    totals = track_scores(categories, choices, rules)
    order = ranked(totals)
    # Rounded so a margin of exactly a cut-off is not lost to floating point.
    margin = round(totals[order[0]] - totals[order[1]], 6)
    flags = validity_flags(items, answers, rules)
    confidence = LOW if flags else confidence_for(margin, rules)
    return Outcome(
        scoring_version=rules.version,
        track_scores=totals,
        category_scores=categories,
        choice_scores=choices,
        ranking=order,
        primary=order[0],
        secondary=order[1] if margin < rules.secondary_margin else "",
        margin=margin,
        confidence=confidence,
        flags=flags,
        reasons=reasons_for(order[0], items, answers, categories, rules),
    )
