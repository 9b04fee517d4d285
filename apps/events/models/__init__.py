"""Events (OTEI and later ones) and the four public forms people fill for them.

Django finds a package's models through what this module imports: every model is imported
here.
"""

from __future__ import annotations

from apps.events.models.events import Event, EventQuerySet
from apps.events.models.submissions import (
    KIND_LABELS,
    KIND_OPEN_FLAGS,
    KIND_PLURALS,
    KIND_TITLES,
    SUBMISSION_MODELS,
    ExhibitorApplication,
    Registration,
    SponsorApplication,
    Status,
    Submission,
    VolunteerApplication,
)

__all__ = [
    "KIND_LABELS",
    "KIND_OPEN_FLAGS",
    "KIND_PLURALS",
    "KIND_TITLES",
    "SUBMISSION_MODELS",
    "Event",
    "EventQuerySet",
    "ExhibitorApplication",
    "Registration",
    "SponsorApplication",
    "Status",
    "Submission",
    "VolunteerApplication",
]
