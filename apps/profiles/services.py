from __future__ import annotations

import re

from django.db import IntegrityError, models, transaction

from apps.profiles.models import Skill

_SPACES = re.compile(r"\s+")


def skill_key(name: str) -> str:
    """The normalised form two spellings of one skill share ("Javascript" = "JavaScript")."""
    return _SPACES.sub(" ", name).strip().casefold()


def skill_get_or_create(*, name: str, category: str = Skill.Category.OTHER) -> Skill:
    """The skill called `name` in any capitalisation, created on first use."""
    display = _SPACES.sub(" ", name).strip()[:50]
    if not display:
        raise ValueError("A skill needs a name.")
    key = skill_key(display)
    try:
        with transaction.atomic():
            skill, _ = Skill.objects.get_or_create(key=key, defaults={"name": display, "category": category})
    except IntegrityError:  # created by a concurrent request between get and create
        skill = Skill.objects.get(key=key)
    return skill


def points_award(*, member, reason: str, source: models.Model | None = None, amount: int | None = None):
    """Add points to `member` for `reason` ("hackathon_join", "hackathon_submit",
    "hackathon_win", "project_like", "post_helpful"), once per source, within the reason's
    daily cap. Returns the ledger entry, or None when nothing was awarded."""
    return None
