"""The result charts' geometry: bars in proportion to the scores, the result's track marked."""

from __future__ import annotations

from apps.careers.charts import (
    LABEL,
    OTHER_FILL,
    PRIMARY_FILL,
    SECONDARY_FILL,
    WIDTH,
    category_chart,
    track_chart,
)


def test_track_bars_are_in_proportion_and_the_result_stands_out():
    chart = track_chart(
        scores={"builders": 1.0, "leaders": 0.5, "entrepreneurs": 0.0, "researchers": 0.25, "educators": 0.9},
        primary="builders",
        secondary="educators",
    )
    widths = {bar.label: bar.width for bar in chart.bars}
    full = WIDTH - LABEL - 36
    assert widths == {"Builders": full, "Leaders": round(full / 2), "Entrepreneurs": 0,
                      "Researchers": round(full / 4), "Educators": round(full * 0.9)}  # fmt: skip
    fills = {bar.label: bar.fill for bar in chart.bars}
    assert fills["Builders"] == PRIMARY_FILL and fills["Educators"] == SECONDARY_FILL
    assert fills["Leaders"] == OTHER_FILL
    assert [bar.value for bar in chart.bars] == [100, 50, 0, 25, 90]


def test_category_bars_pair_the_two_tracks_with_short_labels():
    scores = {"builders": {"technical": 0.75, "work_style": None}, "educators": {"technical": 0.5}}
    chart = category_chart(category_scores=scores, tracks=["builders", "educators"])
    assert len(chart.bars) == 8
    assert chart.bars[0].label == "Technical · B" and chart.bars[1].label == "Technical · E"
    assert chart.bars[0].value == 75 and chart.bars[6].value == 0  # no answer draws no bar
    assert chart.height == chart.bars[-1].y + 18 + 10
