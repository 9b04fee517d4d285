"""Events (OTEI and later ones), the four public forms people fill for them, and exports.

Django finds a package's models through what this module imports: every model is imported
here.
"""

from __future__ import annotations

from apps.events.models.events import Event, EventQuerySet

# Migration 0001 names the export storage as apps.events.models._private_storage.
from apps.events.models.exports import Export, _private_storage
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
    "Export",
    "Registration",
    "SponsorApplication",
    "Status",
    "Submission",
    "VolunteerApplication",
    "_private_storage",
]
