"""The coaching page's 12-week chart, drawn on the server as SVG geometry (no script): the
template draws the bars from these numbers and a table says the same for screen readers."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 360
HEIGHT = 140
BASELINE = 118
TOP = 12
GAP = 6


@dataclass(frozen=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str  # "7 Dec"
    value: int
    reflected: bool


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: int
    bars: list[Bar]
    peak: int
    total: int


def weekly_bars(weeks) -> Chart:
    """Bars for `weeks` (selectors.WeekBar, oldest first), scaled to the busiest week."""
    peak = max((w.check_ins for w in weeks), default=0)
    slot = WIDTH // max(len(weeks), 1)
    usable = BASELINE - TOP
    bars = []
    for i, week in enumerate(weeks):
        height = round(usable * week.check_ins / peak) if peak else 0
        bars.append(
            Bar(
                x=i * slot + GAP // 2,
                y=BASELINE - height,
                width=slot - GAP,
                height=height,
                label=f"{week.week_start.day} {week.week_start:%b}",
                value=week.check_ins,
                reflected=week.reflected,
            )
        )
    return Chart(WIDTH, HEIGHT, BASELINE, bars, peak, sum(w.check_ins for w in weeks))
