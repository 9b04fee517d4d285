"""The staff usage chart: bars computed here as SVG coordinates (no inline styles)."""

from __future__ import annotations

from dataclasses import dataclass

from apps.mentor.selectors import MentorStats

CHART_WIDTH = 600
CHART_HEIGHT = 160
LABEL_SPACE = 20


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    count: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    peak: int
    baseline: int


def usage_chart(stats: MentorStats) -> Chart:
    slot = CHART_WIDTH / max(1, len(stats.days))
    drawable = CHART_HEIGHT - LABEL_SPACE
    peak = max(1, stats.peak)
    bars = []
    for index, day in enumerate(stats.days):
        height = round(drawable * day.count / peak, 1)
        bars.append(
            Bar(
                x=round(index * slot + 1, 1),
                y=round(drawable - height, 1),
                width=round(max(1.0, slot - 2), 1),
                height=height,
                label=day.day.strftime("%d %b"),
                count=day.count,
            )
        )
    return Chart(CHART_WIDTH, CHART_HEIGHT, bars, stats.peak, drawable)
