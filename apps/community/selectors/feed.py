"""The feed's reads: who the viewer follows and mutes, the three tabs, tag pages and lists."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Value, prefetch_related_objects
from django.utils import timezone
from django.utils.text import slugify

from apps.community.models import Follow, Mute, Post, Tag
from apps.core.pagination import (
    NEWEST_FIRST,
    KeysetPage,
    cursor_values,
    keyset_page,
    paginate_by_key,
    rows_after,
)

FEED_TABS = ("following", "latest", "top")
TOP_PERIODS = {"week": 7, "month": 30, "year": 365}

PostTag = Post.tags.through


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


def posts_without_muted(qs: QuerySet[Post], viewer: Viewer) -> QuerySet[Post]:
    if viewer.muted_users:
        qs = qs.exclude(author_id__in=viewer.muted_users)
    if viewer.muted_tags:
        qs = qs.exclude(Exists(PostTag.objects.filter(post_id=OuterRef("pk"), tag_id__in=viewer.muted_tags)))
    return qs


def feed_queryset(*, viewer: Viewer, tab: str, period: str = "week") -> QuerySet[Post]:
    """Latest and Top (Following is `following_page`)."""
    qs = posts_without_muted(Post.objects.listed(), viewer)
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


def following_page(*, viewer: Viewer, cursor: str | None, per_page: int = 20) -> KeysetPage:
    """Posts by followed members or with followed tags, newest first, a page after `cursor`.

    One query with `author IN (…) OR EXISTS (tag …)` makes PostgreSQL hash every post of the
    followed tags before it can stop; two queries that each walk the recency index from the
    cursor and stop at the page (one by author, one by a tag semi-join), merged here, stay
    fast at 200,000 posts and on any page."""
    values = cursor_values(cursor)
    base = posts_without_muted(Post.objects.listed(), viewer).order_by("-published_at", "-id")
    if values is not None:
        base = rows_after(base, values=values)
    need = per_page + 1
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
    result = keyset_page(ordered[:need], per_page=per_page, first=values is None)
    prefetch_related_objects(result.object_list, "tags")
    return result


# Top is ordered by reactions first; its cursor carries the reaction count too.
TOP_KEYS = ("reaction_count", "published_at", "id")


def feed_page(
    *, user, tab: str, period: str, cursor: str | None, per_page: int = 20, viewer: Viewer | None = None
) -> tuple[KeysetPage, Viewer]:
    """A page of a tab after `cursor`, by key: page 50 costs what page 1 does."""
    viewer = viewer or viewer_for(user)
    if tab == "following":
        result = following_page(viewer=viewer, cursor=cursor, per_page=per_page)
    else:
        qs = feed_queryset(viewer=viewer, tab=tab, period=period).for_cards()
        keys = TOP_KEYS if tab == "top" else NEWEST_FIRST
        result = paginate_by_key(qs, cursor=cursor, keys=keys, per_page=per_page)
    for post in result.object_list:
        post.reason = explain(post, viewer=viewer, tab=tab, period=period)
    return result, viewer


@dataclass
class FollowSuggestions:
    people: list = field(default_factory=list)
    tags: list[Tag] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.people or self.tags)


def follow_suggestions(*, user, viewer: Viewer, limit: int = 5) -> FollowSuggestions:
    """Whom and what a member who follows nobody yet might follow: authors and tags that share
    the skills on their profile first, then the most active ones so the list is never empty.
    The skills are read through the user's profile relation (this app does not import
    profiles). Four queries."""
    if not user.is_authenticated:
        return FollowSuggestions()
    User = get_user_model()
    keys = [k for k in User.objects.filter(pk=user.pk).values_list("profile__skills__key", flat=True) if k]
    names = {slugify(key)[:30] for key in keys} | {slugify(key).replace("-", "")[:30] for key in keys}
    tags = list(
        Tag.objects.exclude(pk__in=list(viewer.followed_tags) + list(viewer.muted_tags))
        .annotate(uses=Count("posts", filter=Q(posts__status=Post.Status.PUBLISHED)))
        .filter(uses__gt=0)
        .annotate(mine=Count("pk", filter=Q(name__in=names)))
        .order_by("-mine", "-uses", "name")[:limit]
    )
    authors = Post.objects.listed().filter(author=OuterRef("pk"))
    people = list(
        User.objects.filter(Exists(authors), is_active=True)
        .exclude(pk__in=[user.pk, *viewer.followed_users, *viewer.muted_users])
        .annotate(
            shared=Count("profile__skills", filter=Q(profile__skills__key__in=keys), distinct=True),
            written=Count("posts", filter=Q(posts__status=Post.Status.PUBLISHED), distinct=True),
        )
        .order_by("-shared", "-written", "handle")[:limit]
    )
    return FollowSuggestions(people=people, tags=tags)


def tag_page(*, user, tag: Tag, cursor: str | None) -> tuple[KeysetPage, Viewer]:
    viewer = viewer_for(user)
    qs = posts_without_muted(Post.objects.listed().filter(tags=tag), viewer).order_by("-published_at", "-id")
    result = paginate_by_key(qs.for_cards(), cursor=cursor)
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
