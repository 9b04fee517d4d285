"""The result page's charts, drawn on the server as SVG bars (no script): one bar per track,
and one per category for the primary (and secondary) track. Geometry only; the template
(templates/careers/_charts.html) draws it with a <title>, a <desc> and a table beside it."""

from __future__ import annotations

from dataclasses import dataclass

from apps.careers.scoring import CATEGORIES
from apps.careers.tracks import TRACKS, track_by_slug

WIDTH = 320  # viewBox width; the SVG scales to its container (a 360-px phone included)
LABEL = 120  # room for the labels on the left
BAR = 18
GAP = 10
PRIMARY_FILL = "#4f46e5"  # indigo-600: 6.3:1 on white
OTHER_FILL = "#94a3b8"  # slate-400, for the tracks that are not the result
SECONDARY_FILL = "#0f766e"  # teal-700
# Category names short enough to sit beside a track's initial.
SHORT = {
    "technical": "Technical",
    "problem_solving": "Problem solving",
    "scenarios": "Scenarios",
    "work_style": "Work style",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: int  # 0-100
    y: int
    width: int
    fill: str

    @property
    def text_y(self) -> int:
        return self.y + BAR - 5

    @property
    def value_x(self) -> int:
        return LABEL + self.width + 4


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int
    label_width: int = LABEL
    width: int = WIDTH


def _length(value: float) -> int:
    return round(max(0.0, min(1.0, value)) * (WIDTH - LABEL - 36))


def track_chart(*, scores: dict[str, float], primary: str, secondary: str = "") -> Chart:
    bars = []
    for n, track in enumerate(TRACKS):
        value = scores.get(track.slug, 0.0)
        fill = (
            PRIMARY_FILL
            if track.slug == primary
            else SECONDARY_FILL
            if track.slug == secondary
            else OTHER_FILL
        )
        bars.append(Bar(track.name, round(value * 100), n * (BAR + GAP), _length(value), fill))
    return Chart(bars=bars, height=len(bars) * (BAR + GAP))


def category_chart(*, category_scores: dict[str, dict[str, float | None]], tracks: list[str]) -> Chart:
    """For each category, a bar per track in `tracks` (the primary, then the secondary)."""
    bars = []
    y = 0
    for category in CATEGORIES:
        for i, slug in enumerate(tracks):
            value = category_scores.get(slug, {}).get(category.slug) or 0.0
            label = (
                category.name
                if len(tracks) == 1
                else f"{SHORT[category.slug]} · {track_by_slug(slug).name[:1]}"
            )
            bars.append(
                Bar(label, round(value * 100), y, _length(value), PRIMARY_FILL if i == 0 else SECONDARY_FILL)
            )
            y += BAR + (GAP // 2 if i < len(tracks) - 1 else GAP)
    return Chart(bars=bars, height=y)
