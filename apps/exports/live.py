"""Live channels of exports (apps.core.live): "export:<id>" carries an export's progress to
whoever its source lets read it."""

from __future__ import annotations

from apps.exports.selectors import export_readable


def can_watch_export(user, key: str) -> bool:
    return key.isdigit() and export_readable(user=user, pk=int(key))


def export_channel(export_id: int) -> str:
    return f"export:{export_id}"


CHANNELS = {"export": can_watch_export}
