"""Reads for the community pages, and the access helpers every view uses."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q, QuerySet, Value, prefetch_related_objects
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone

from apps.community.models import Comment, Follow, Mute, Post, PostingBan, Reaction, SavedPost, Tag
from apps.core.pagination import UncountedPage, page_number, paginate_without_count
from apps.core.permissions import is_verified_staff

FEED_TABS = ("following", "latest", "top")
TOP_PERIODS = {"week": 7, "month": 30, "year": 365}
# Replies nest this deep on screen; deeper replies line up at this depth.
MAX_DISPLAY_DEPTH = 4

PostTag = Post.tags.through


# --- Access helpers -----------------------------------------------------------------------


def post_get_for_view(*, user, pk: int) -> Post:
    """A post the viewer may see: published and not hidden, or their own, or any for staff
    (who passed two factors)."""
    post = (
        Post.objects.visible_to(user).select_related("author").prefetch_related("tags").filter(pk=pk).first()
    )
    if post is None:
        raise Http404("No such post.")
    return post


def post_get_for_edit(*, user, pk: int) -> Post:
    """The member's own post; someone else's is forbidden, a missing or hidden one is 404."""
    post = post_get_for_view(user=user, pk=pk)
    if post.author_id != user.pk:
        raise PermissionDenied("Only the author can change this post.")
    return post


def post_get_for_lock(*, user, pk: int) -> Post:
    post = post_get_for_view(user=user, pk=pk)
    if post.author_id != user.pk and not is_verified_staff(user):
        raise PermissionDenied("Only the author can lock this discussion.")
    return post


def comment_get_for_view(*, user, pk: int) -> Comment:
    comment = Comment.objects.select_related("post", "author").filter(pk=pk, is_deleted=False).first()
    if comment is None:
        raise Http404("No such comment.")
    post_get_for_view(user=user, pk=comment.post_id)
    if comment.is_hidden and comment.author_id != user.pk and not is_verified_staff(user):
        raise Http404("No such comment.")
    return comment


def comment_get_for_edit(*, user, pk: int) -> Comment:
    comment = comment_get_for_view(user=user, pk=pk)
    if comment.author_id != user.pk:
        raise PermissionDenied("Only the author can change this comment.")
    return comment


def tag_get(*, name: str) -> Tag:
    tag = Tag.objects.filter(name=name.lower()).first()
    if tag is None:
        raise Http404("No such tag.")
    return tag


def member_get(*, handle: str):
    # lower(handle) matches accounts' case-insensitive unique index (iexact's UPPER() scans)
    member = (
        get_user_model()
        .objects.alias(handle_ci=Lower("handle"))
        .filter(handle_ci=handle.lower(), is_active=True)
        .first()
    )
    if member is None:
        raise Http404("No such member.")
    return member


def is_banned(*, user) -> bool:
    return user.is_authenticated and PostingBan.objects.filter(member=user).exists()


# --- Feed ---------------------------------------------------------------------------------


@dataclass
class Viewer:
    """Who the viewer follows and mutes: two queries, used for filtering and for reasons."""

    followed_users: dict[int, str] = field(default_factory=dict)
    followed_tags: dict[int, str] = field(default_factory=dict)
    muted_users: set[int] = field(default_factory=set)
    muted_tags: set[int] = field(default_factory=set)

    @property
    def follows_anything(self) -> bool:
        return bool(self.followed_users or self.followed_tags)


def viewer_for(user) -> Viewer:
    """Whom and what the member follows and mutes, in one query (a UNION of both tables)."""
    viewer = Viewer()
    if not user.is_authenticated:
        return viewer
    columns = ("user_id", "user__handle", "tag_id", "tag__name", "kind")
    follows = (
        Follow.objects.filter(follower=user)
        .annotate(kind=Value("follow", output_field=CharField()))
        .order_by()
    )
    mutes = Mute.objects.filter(member=user).annotate(kind=Value("mute", output_field=CharField())).order_by()
    rows = follows.values_list(*columns).union(mutes.values_list(*columns), all=True).order_by()
    for user_id, handle, tag_id, tag_name, kind in rows:
        if kind == "follow" and user_id:
            viewer.followed_users[user_id] = handle
        elif kind == "follow":
            viewer.followed_tags[tag_id] = tag_name
        elif user_id:
            viewer.muted_users.add(user_id)
        else:
            viewer.muted_tags.add(tag_id)
    return viewer


def _without_muted(qs: QuerySet[Post], viewer: Viewer) -> QuerySet[Post]:
    if viewer.muted_users:
        qs = qs.exclude(author_id__in=viewer.muted_users)
    if viewer.muted_tags:
        qs = qs.exclude(Exists(PostTag.objects.filter(post_id=OuterRef("pk"), tag_id__in=viewer.muted_tags)))
    return qs


def feed_queryset(*, viewer: Viewer, tab: str, period: str = "week") -> QuerySet[Post]:
    """Latest and Top (Following is `following_page`)."""
    qs = _without_muted(Post.objects.listed(), viewer)
    if tab == "top":
        since = timezone.now() - timedelta(days=TOP_PERIODS.get(period, 7))
        return qs.filter(published_at__gte=since).order_by("-reaction_count", "-published_at", "-id")
    return qs.order_by("-published_at", "-id")


def explain(post: Post, *, viewer: Viewer, tab: str, period: str = "week") -> str:
    """Why this card is in the viewer's feed."""
    if post.author_id in viewer.followed_users:
        return f"because you follow @{viewer.followed_users[post.author_id]}"
    for tag in post.tags.all():
        if tag.pk in viewer.followed_tags:
            return f"because you follow #{tag.name}"
    if tab == "top":
        return f"top this {period}"
    return "new in the community"


def following_page(*, viewer: Viewer, page: str | None, per_page: int = 20) -> UncountedPage:
    """Posts by followed members or with followed tags, newest first.

    One query with `author IN (…) OR EXISTS (tag …)` makes PostgreSQL hash every post of the
    followed tags before it can stop; two queries that each walk the recency index and stop
    at the page (one by author, one by a tag semi-join), merged here, stay fast at 200,000
    posts."""
    number = page_number(page)
    need = number * per_page + 1
    base = _without_muted(Post.objects.listed(), viewer).order_by("-published_at", "-id")
    branches = []
    if viewer.followed_users:
        # The newest ids by these authors come from an index-only scan of
        # post_author_listed_recent; the rows are then fetched by primary key.
        ids = base.filter(author_id__in=list(viewer.followed_users)).values("pk")[:need]
        branches.append(Post.objects.filter(pk__in=ids).order_by("-published_at", "-id"))
    if viewer.followed_tags:
        tagged = PostTag.objects.filter(post_id=OuterRef("pk"), tag_id__in=list(viewer.followed_tags))
        branches.append(base.filter(Exists(tagged)))
    merged: dict[int, Post] = {}
    for branch in branches:
        for post in branch.select_related("author").defer("body", "body_html")[:need]:
            merged.setdefault(post.pk, post)
    ordered = sorted(merged.values(), key=lambda p: (p.published_at, p.pk), reverse=True)
    window = ordered[(number - 1) * per_page : number * per_page + 1]
    posts = window[:per_page]
    prefetch_related_objects(posts, "tags")
    return UncountedPage(object_list=posts, number=number, has_next=len(window) > per_page)


def feed_page(
    *, user, tab: str, period: str, page: str | None, per_page: int = 20
) -> tuple[UncountedPage, Viewer]:
    viewer = viewer_for(user)
    if tab == "following":
        result = following_page(viewer=viewer, page=page, per_page=per_page)
    else:
        result = paginate_without_count(
            feed_queryset(viewer=viewer, tab=tab, period=period).for_cards(), page=page, per_page=per_page
        )
    for post in result.object_list:
        post.reason = explain(post, viewer=viewer, tab=tab, period=period)
    return result, viewer


def tag_page(*, user, tag: Tag, page: str | None) -> tuple[UncountedPage, Viewer]:
    viewer = viewer_for(user)
    qs = _without_muted(Post.objects.listed().filter(tags=tag), viewer).order_by("-published_at", "-id")
    result = paginate_without_count(qs.for_cards(), page=page)
    for post in result.object_list:
        post.reason = f"tagged #{tag.name}"
    return result, viewer


def post_list_trending(*, limit: int = 5) -> list[Post]:
    """For the home page: the most-reacted posts of the past week (newest if the week is quiet)."""
    since = timezone.now() - timedelta(days=7)
    posts = list(
        Post.objects.listed()
        .filter(published_at__gte=since)
        .order_by("-reaction_count", "-published_at")
        .for_cards()[:limit]
    )
    if len(posts) < limit:
        seen = [p.pk for p in posts]
        posts += list(
            Post.objects.listed()
            .exclude(pk__in=seen)
            .order_by("-published_at")
            .for_cards()[: limit - len(posts)]
        )
    return posts


def drafts_for(*, user) -> QuerySet[Post]:
    return (
        Post.objects.filter(author=user, status=Post.Status.DRAFT)
        .prefetch_related("tags")
        .order_by("-updated")
    )


def reading_list_for(*, user) -> QuerySet[Post]:
    return Post.objects.listed().filter(saves__member=user).for_cards().order_by("-saves__created")


def tag_suggestions(*, prefix: str, limit: int = 8) -> list[str]:
    prefix = prefix.strip().lstrip("#").lower()
    if not prefix:
        return []
    return list(
        Tag.objects.filter(name__startswith=prefix).order_by("name").values_list("name", flat=True)[:limit]
    )


# --- Post page ----------------------------------------------------------------------------


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
    return ordered


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


# --- Full-text search vectors (the migrations and services build from these) ----------


def post_search_vector():
    """Title weighted A above body B; stored in Post.search_vector by the services."""
    from django.contrib.postgres.search import SearchVector

    return SearchVector("title", weight="A", config="english") + SearchVector(
        "body", weight="B", config="english"
    )


def comment_search_vector():
    from django.contrib.postgres.search import SearchVector

    return SearchVector("body", config="english")
