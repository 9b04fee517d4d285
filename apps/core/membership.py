"""On/off rows: a follow, a mute, a save, a reaction is a row that exists or does not.

Buttons post the state the person wants (`on=1`, `saved=0`), never "toggle": a double click,
a retried request or two open tabs then agree on the result instead of undoing each other.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, models, transaction


def membership_set(model: type[models.Model], *, on: bool, **keys: Any) -> bool:
    """Make the row of `model` with the field values `keys` exist (`on`) or not.

    Idempotent: asking for the state that already holds changes nothing. Returns whether
    anything changed, so callers move counters and send notifications only then. Safe under
    races through the model's unique constraint over `keys`: of two requests creating the
    same row at once one creates it and the other reports no change.
    """
    manager = model._default_manager
    if not on:
        deleted, _ = manager.filter(**keys).delete()
        return bool(deleted)
    try:
        # get_or_create already reads the row back after losing a race on the constraint;
        # the savepoint keeps a caller's transaction usable if even that fails.
        with transaction.atomic():
            _, created = manager.get_or_create(**keys)
    except IntegrityError:
        return False
    return created
