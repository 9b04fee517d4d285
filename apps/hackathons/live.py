"""Live channels of hackathons (apps.core.live): "leaderboard:<hackathon id>" tells the
organisers watching the leaderboard preview that judges saved scores."""

from __future__ import annotations

from apps.hackathons.models import Hackathon
from apps.hackathons.organising import can_manage


def can_watch_leaderboard(user, key: str) -> bool:
    """Only those who may see the preview: the hackathon's organisers and verified staff."""
    hackathon = Hackathon.objects.filter(pk=int(key)).first() if key.isdigit() else None
    return hackathon is not None and can_manage(user=user, hackathon=hackathon)


def leaderboard_channel(hackathon_id: int) -> str:
    return f"leaderboard:{hackathon_id}"


CHANNELS = {"leaderboard": can_watch_leaderboard}
