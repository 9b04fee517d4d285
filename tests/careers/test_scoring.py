"""apps/careers/scoring.py on worked examples whose numbers are worked out by hand here."""

from __future__ import annotations

import pytest

from apps.careers.scoring import (
    CHOICE,
    CONTRADICTORY,
    FLAT,
    HIGH,
    LIKERT,
    LOW,
    MEDIUM,
    RULES,
    SAME_OPTION,
    ItemSpec,
    Rules,
    adjusted,
    confidence_for,
    score,
    validity_flags,
)

RULES_V1 = RULES[1]


def likert(key, track, category, reverse=False, text=""):
    return ItemSpec(key=key, category=category, kind=LIKERT, track=track, reverse=reverse, text=text or key)


def choice(key, track, other, text="first", other_text="second"):
    return ItemSpec(
        key=key,
        category="scenarios",
        kind=CHOICE,
        track=track,
        text=text,
        other_track=other,
        other_text=other_text,
    )


WORKED_ITEMS = [
    likert("b1", "builders", "technical", text="I like designing systems."),
    likert("b2", "builders", "technical", reverse=True, text="I avoid code."),
    likert("b3", "builders", "work_style", text="I care about tests."),
    likert("l1", "leaders", "technical", text="I explain trade-offs."),
    likert("l2", "leaders", "technical", reverse=True, text="I avoid deciding for a team."),
    likert("l3", "leaders", "work_style", text="I love helping a group work well."),
    choice("c1", "builders", "leaders", text="Build the tool", other_text="Lead the team"),
]
WORKED_ANSWERS = {"b1": 5, "b2": 2, "b3": 3, "l1": 4, "l2": 3, "l3": 5, "c1": 1}


def test_reverse_worded_answers_count_as_six_minus_the_answer():
    assert [adjusted(x, reverse=True) for x in (1, 2, 3, 4, 5)] == [5, 4, 3, 2, 1]
    assert [adjusted(x, reverse=False) for x in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5]


def test_worked_example_category_scores_are_the_scaled_means():
    outcome = score(WORKED_ITEMS, WORKED_ANSWERS, RULES_V1)

    # builders technical: 5 and 6 - 2 = 4, mean 4.5 -> (4.5 - 1) / 4 = 0.875
    assert outcome.category_scores["builders"]["technical"] == pytest.approx(0.875)
    # builders work style: 3 -> 0.5
    assert outcome.category_scores["builders"]["work_style"] == pytest.approx(0.5)
    # leaders technical: 4 and 6 - 3 = 3, mean 3.5 -> 0.625; work style 5 -> 1.0
    assert outcome.category_scores["leaders"]["technical"] == pytest.approx(0.625)
    assert outcome.category_scores["leaders"]["work_style"] == pytest.approx(1.0)
    assert outcome.category_scores["leaders"]["scenarios"] is None
    assert outcome.choice_scores["builders"] == 1.0
    assert outcome.choice_scores["leaders"] == 0.0
    assert outcome.choice_scores["researchers"] is None


def test_worked_example_track_scores_are_category_weighted_means():
    outcome = score(WORKED_ITEMS, WORKED_ANSWERS, RULES_V1)

    # builders: (1.2 * 0.875 + 0.9 * 0.5 + 0.8 * 1.0) / (1.2 + 0.9 + 0.8) = 2.3 / 2.9
    assert outcome.track_scores["builders"] == pytest.approx(2.3 / 2.9)
    # leaders: (1.2 * 0.625 + 0.9 * 1.0 + 0.8 * 0.0) / 2.9 = 1.65 / 2.9
    assert outcome.track_scores["leaders"] == pytest.approx(1.65 / 2.9)
    assert outcome.track_scores["researchers"] == 0.0
    assert outcome.ranking[:2] == ["builders", "leaders"]
    assert outcome.primary == "builders"
    # margin 0.65 / 2.9 = 0.224: high, and far enough ahead that no secondary is named
    assert outcome.margin == pytest.approx(0.65 / 2.9, abs=1e-6)
    assert outcome.confidence == HIGH
    assert outcome.secondary == ""
    assert outcome.flags == []


def test_worked_example_reasons_name_the_largest_contributions_and_agreed_statements():
    outcome = score(WORKED_ITEMS, WORKED_ANSWERS, RULES_V1)
    texts = [r.text for r in outcome.reasons]

    assert texts[0].startswith("Technical aptitude counted most towards Builders: you scored 88 of 100")
    assert "weighted 1.2" in texts[0]
    assert texts[1].startswith("Work style counted most towards Builders: you scored 50 of 100")
    assert "You strongly agreed: “I like designing systems.”" in texts
    # The reverse-worded statement is not quoted as something agreed with.
    assert not any("I avoid code" in t for t in texts)
    assert "You chose “Build the tool” over “Lead the team”" in texts


def test_a_close_second_track_is_named_with_medium_confidence():
    items = (
        [likert(f"b{i}", "builders", "technical") for i in range(4)]
        + [likert(f"r{i}", "researchers", "technical") for i in range(4)]
        + [likert("l0", "leaders", "technical"), likert("l1", "leaders", "technical")]
    )
    answers = {"b0": 5, "b1": 5, "b2": 5, "b3": 4, "r0": 5, "r1": 5, "r2": 4, "r3": 4, "l0": 1, "l1": 2}
    outcome = score(items, answers, RULES_V1)
    # One category, so a track's score is its category score:
    # builders mean 4.75 -> 0.9375; researchers mean 4.5 -> 0.875; margin 0.0625: medium,
    # and below 0.10, so researchers is named as a close second.
    assert outcome.track_scores["builders"] == pytest.approx(0.9375)
    assert outcome.track_scores["researchers"] == pytest.approx(0.875)
    assert outcome.margin == pytest.approx(0.0625)
    assert outcome.flags == []
    assert outcome.confidence == MEDIUM
    assert (outcome.primary, outcome.secondary) == ("builders", "researchers")


@pytest.mark.parametrize(
    ("margin", "expected"),
    [(0.30, HIGH), (0.10, HIGH), (0.0999, MEDIUM), (0.05, MEDIUM), (0.0499, LOW), (0.0, LOW)],
)
def test_confidence_bands_follow_the_documented_cut_offs(margin, expected):
    assert confidence_for(margin, RULES_V1) == expected


def test_a_tie_is_low_confidence_with_a_secondary_and_the_tracks_order_breaks_it():
    items = [
        likert("e1", "educators", "technical"),
        likert("b1", "builders", "technical"),
        likert("l1", "leaders", "technical"),
    ]
    outcome = score(items, {"e1": 4, "b1": 4, "l1": 1}, RULES_V1)
    assert outcome.flags == []
    assert outcome.margin == 0
    assert outcome.confidence == LOW
    assert (outcome.primary, outcome.secondary) == ("builders", "educators")


def _pairs(n_pairs: int) -> list[ItemSpec]:
    tracks = ["builders", "leaders", "entrepreneurs", "researchers", "educators"]
    items = []
    for i in range(n_pairs):
        track = tracks[i % 5]
        category = ["technical", "problem_solving", "scenarios", "work_style"][i // 5 % 4]
        items += [likert(f"p{i}", track, category), likert(f"r{i}", track, category, reverse=True)]
    return items


def test_answers_all_the_same_are_flat_and_one_option_and_give_low_confidence():
    items = _pairs(10)
    answers = {item.key: 3 for item in items}
    answers["p0"] = 5  # a wide lead for builders: confident if the answers were trusted
    outcome = score(items, answers, RULES_V1)
    assert FLAT in outcome.flags and SAME_OPTION in outcome.flags
    assert outcome.confidence == LOW


def test_agreeing_with_everything_is_also_contradictory():
    items = _pairs(10)
    flags = validity_flags(items, {item.key: 5 for item in items}, RULES_V1)
    assert flags == [FLAT, SAME_OPTION, CONTRADICTORY]


def test_agreeing_with_a_statement_and_its_opposite_is_flagged_alone():
    items = _pairs(4)
    # Every pair answered on one side (4-5 with 4-5, or 1-2 with 1-2), with a varied spread.
    answers = {"p0": 5, "r0": 4, "p1": 4, "r1": 5, "p2": 1, "r2": 2, "p3": 2, "r3": 1}
    assert validity_flags(items, answers, RULES_V1) == [CONTRADICTORY]
    # Consistent answers: agreeing with one, disagreeing with its opposite.
    consistent = {"p0": 5, "r0": 1, "p1": 4, "r1": 2, "p2": 1, "r2": 5, "p3": 2, "r3": 4}
    assert validity_flags(items, consistent, RULES_V1) == []


def test_ninety_percent_the_same_option_is_flagged_and_eighty_is_not():
    items = [likert(f"i{n}", "builders", "technical") for n in range(10)]
    nine = {f"i{n}": 4 for n in range(9)} | {"i9": 1}
    eight = {f"i{n}": 4 for n in range(8)} | {"i8": 1, "i9": 2}
    assert SAME_OPTION in validity_flags(items, nine, RULES_V1)
    assert SAME_OPTION not in validity_flags(items, eight, RULES_V1)


def test_another_scoring_version_weighs_the_same_answers_differently():
    heavier_work_style = Rules(
        version=2, weights={"technical": 0.5, "problem_solving": 1.1, "scenarios": 1.0, "work_style": 2.0}
    )
    outcome = score(WORKED_ITEMS, WORKED_ANSWERS, heavier_work_style)
    # builders: (0.5 * 0.875 + 2.0 * 0.5 + 0.8 * 1) / 3.3 = 2.2375 / 3.3 = 0.678
    # leaders: (0.5 * 0.625 + 2.0 * 1.0 + 0.8 * 0) / 3.3 = 2.3125 / 3.3 = 0.701
    assert outcome.scoring_version == 2
    assert outcome.track_scores["leaders"] == pytest.approx(2.3125 / 3.3)
    assert outcome.primary == "leaders"
    assert outcome.secondary == "builders"
