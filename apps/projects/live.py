"""Live channels of projects (apps.core.live): "board:<project id>" tells the people looking
at a task board that a task was added, changed or moved (by a member or a GitHub push)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from apps.projects.access import project_access


def can_watch_board(user, key: str) -> bool:
    """Whoever may see the board: a private project's members; anyone for a public one."""
    if not key.isdigit():
        return False
    try:
        project_access(user=user, pk=int(key), action="view_board")
    except (Http404, PermissionDenied):
        return False
    return True


def board_channel(project_id: int) -> str:
    return f"board:{project_id}"


CHANNELS = {"board": can_watch_board}
