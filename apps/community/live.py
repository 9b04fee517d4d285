"""Live channels of the community (apps.core.live): "post:<id>" tells the readers of a post
that its discussion changed."""

from __future__ import annotations

from apps.community.models import Post


def can_watch_post(user, key: str) -> bool:
    """Whoever may read the post (published and not hidden, their own, or verified staff)."""
    return key.isdigit() and Post.objects.visible_to(user).filter(pk=int(key)).exists()


def post_channel(post_id: int) -> str:
    return f"post:{post_id}"


CHANNELS = {"post": can_watch_post}
