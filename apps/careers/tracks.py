"""The five career tracks a member's quiz result points to.

Fixed in code, not in the database: other apps tag their content with these slugs (the
learning app's `Course.tracks`, for one) without importing this app, and a slug once used is
never renamed. `TRACKS` is in display order; `TRACK_CHOICES` suits a model field's `choices`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Track:
    slug: str
    name: str
    focus: str
    careers: tuple[str, ...]


TRACKS: tuple[Track, ...] = (
    Track(
        slug="builders",
        name="Builders",
        focus="Technical construction and engineering: software architecture, system design, code quality",
        careers=("Software Engineer", "DevOps Engineer", "Technical Lead"),
    ),
    Track(
        slug="leaders",
        name="Leaders",
        focus="Management and decision-making: team management, strategic planning, stakeholder relations",
        careers=("Engineering Manager", "Product Manager", "CTO"),
    ),
    Track(
        slug="entrepreneurs",
        name="Entrepreneurs",
        focus="Business value creation: product development, market analysis, revenue models",
        careers=("Startup Founder", "Product Entrepreneur", "Business Development"),
    ),
    Track(
        slug="researchers",
        name="Researchers",
        focus="Deep technical investigation: research and development, innovation, emerging technologies",
        careers=("Research Scientist", "Data Scientist", "Principal Researcher"),
    ),
    Track(
        slug="educators",
        name="Educators",
        focus="Knowledge transfer and training: technical training, mentorship, content creation",
        careers=("Technical Trainer", "Engineering Mentor", "Learning Lead"),
    ),
)

TRACK_SLUGS: tuple[str, ...] = tuple(track.slug for track in TRACKS)
TRACK_CHOICES: list[tuple[str, str]] = [(track.slug, track.name) for track in TRACKS]

_BY_SLUG = {track.slug: track for track in TRACKS}


def track_by_slug(slug: str) -> Track:
    """The track with this slug; KeyError for an unknown one."""
    return _BY_SLUG[slug]


# Words that mark a job or hackathon as fitting a track (matched in titles, lower-case), beside
# the track's careers themselves: how the result page finds next steps on the site.
TRACK_KEYWORDS: dict[str, tuple[str, ...]] = {
    "builders": ("engineer", "developer", "devops", "backend", "frontend", "full-stack", "fullstack", "sre"),
    "leaders": ("manager", "lead", "head of", "director", "cto", "product"),
    "entrepreneurs": ("founder", "startup", "business", "growth", "fintech", "venture", "pitch"),
    "researchers": ("research", "data", "scientist", "machine learning", "ml", "ai", "analytics"),
    "educators": ("trainer", "teacher", "mentor", "instructor", "educat", "learning", "tutor", "community"),
}


def track_keywords(slug: str) -> tuple[str, ...]:
    """The words that mark content as fitting the track: its keywords and its careers."""
    track = track_by_slug(slug)
    return TRACK_KEYWORDS[slug] + tuple(career.lower() for career in track.careers)
