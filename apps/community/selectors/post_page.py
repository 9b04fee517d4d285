"""The post page's reads: the comment thread, its cache version, and the viewer's own state."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, Q, Value

from apps.community.models import Comment, Follow, Mute, Post, PostingBan, Reaction, SavedPost
from apps.core.permissions import is_verified_staff

# Replies nest this deep on screen; deeper replies line up at this depth.
MAX_DISPLAY_DEPTH = 4


def comment_thread(*, post: Post, user) -> list[Comment]:
    """The comments in reading order (each reply after its parent), each with
    `display_depth` capped at MAX_DISPLAY_DEPTH. Hidden comments show only to their author
    and staff; to everyone else a hidden comment with replies keeps its place, emptied."""
    comments = list(Comment.objects.filter(post=post).select_related("author").order_by("created", "pk"))
    children: dict[int | None, list[Comment]] = {}
    for comment in comments:
        children.setdefault(comment.parent_id, []).append(comment)
    can_see_hidden = is_verified_staff(user)
    ordered: list[Comment] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for comment in children.get(parent_id, []):
            comment.display_depth = min(depth, MAX_DISPLAY_DEPTH)
            comment.flattened = depth > MAX_DISPLAY_DEPTH
            comment.removed = comment.is_hidden and not (
                can_see_hidden or (user.is_authenticated and comment.author_id == user.pk)
            )
            if not (comment.removed and comment.pk not in children):
                ordered.append(comment)
            walk(comment.pk, depth + 1)

    walk(None, 0)
    parents = {c.pk: c for c in comments}
    for comment in ordered:
        comment.parent_comment = parents.get(comment.parent_id)
        comment.shown = not (comment.is_deleted or comment.removed)
        comment.card_key = _comment_card_key(comment)
    return ordered


def _comment_card_key(comment: Comment) -> tuple:
    """Every value the part of a comment all viewers see is drawn from (post_detail.html):
    the page draws that part once per web process under this key."""
    parent = comment.parent_comment if comment.flattened else None
    return (
        comment.pk,
        comment.shown,
        comment.is_deleted,
        comment.is_hidden,
        comment.display_depth,
        comment.author.handle if comment.author else None,
        parent is not None,
        parent.author.handle if parent and parent.author else None,
        comment.created,
        comment.edited_at,
        comment.body_html,
    )


# A logged-out visitor's comment thread is a cached template fragment for this long at most;
# comments_changed() makes it stale at once after any write the thread shows.
COMMENTS_CACHE_SECONDS = 60


def _comments_version_key(post_id: int) -> str:
    return f"community:comments-version:{post_id}"


def comments_version(*, post_id: int) -> str:
    return cache.get(_comments_version_key(post_id)) or "0"


def comments_changed(*, post_ids) -> None:
    """After the current transaction commits, drop the cached threads of these posts (a
    comment written, edited, deleted, reacted to, hidden or restored, or its author erased)."""
    ids = list(post_ids)

    def bump() -> None:
        cache.set_many({_comments_version_key(pk): uuid.uuid4().hex for pk in ids}, None)

    if ids:
        transaction.on_commit(bump)


@dataclass
class Mine:
    """The viewer's own state on a post page: reactions, saved, follows."""

    post_reactions: set[str] = field(default_factory=set)
    comment_reactions: dict[int, set[str]] = field(default_factory=dict)
    saved: bool = False
    follows_author: bool = False
    mutes_author: bool = False
    banned: bool = False


def my_reactions(*, user, post: Post | None = None, comment: Comment | None = None) -> set[str]:
    target = {"post": post} if post is not None else {"comment": comment}
    return set(Reaction.objects.filter(member=user, **target).values_list("kind", flat=True))


def member_relation(*, viewer, member) -> tuple[bool, bool]:
    """Whether `viewer` follows and mutes `member`, in one query (both False for visitors
    and for oneself)."""
    if not viewer.is_authenticated or viewer.pk == member.pk:
        return False, False
    flags = (
        get_user_model()
        .objects.filter(pk=member.pk)
        .annotate(
            flag_follows=Exists(Follow.objects.filter(follower=viewer, user=member)),
            flag_mutes=Exists(Mute.objects.filter(member=viewer, user=member)),
        )
        .values_list("flag_follows", "flag_mutes")
        .first()
    )
    return (bool(flags[0]), bool(flags[1])) if flags else (False, False)


def mine_for(*, user, post: Post) -> Mine:
    mine = Mine()
    if not user.is_authenticated:
        return mine
    for post_id, comment_id, kind in (
        Reaction.objects.filter(member=user)
        .filter(Q(post=post) | Q(comment__post=post))
        .values_list("post_id", "comment_id", "kind")
    ):
        if post_id:
            mine.post_reactions.add(kind)
        else:
            mine.comment_reactions.setdefault(comment_id, set()).add(kind)
    # Saved, follows/mutes the author and posting ban: one query of EXISTS flags.
    other_author = post.author_id if post.author_id and post.author_id != user.pk else None
    flags = (
        get_user_model()
        .objects.filter(pk=user.pk)
        .annotate(
            flag_saved=Exists(SavedPost.objects.filter(member=user, post=post)),
            flag_follows=Exists(Follow.objects.filter(follower=user, user_id=other_author))
            if other_author
            else Value(False),
            flag_mutes=Exists(Mute.objects.filter(member=user, user_id=other_author))
            if other_author
            else Value(False),
            flag_banned=Exists(PostingBan.objects.filter(member=user)),
        )
        .values_list("flag_saved", "flag_follows", "flag_mutes", "flag_banned")
        .first()
    )
    if flags:
        mine.saved, mine.follows_author, mine.mutes_author, mine.banned = (bool(f) for f in flags)
    return mine
