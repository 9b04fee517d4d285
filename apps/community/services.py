"""Every write in the community: posts, comments, reactions, follows, mutes, reports and
moderation. Counters on posts and comments are kept here, nowhere else."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from apps.community.live import post_channel
from apps.community.models import (
    Comment,
    Follow,
    Mute,
    Post,
    PostingBan,
    PostRevision,
    Reaction,
    ReactionKind,
    Report,
    SavedPost,
    Tag,
)
from apps.community.rendering import excerpt_from_html, render_body
from apps.community.selectors import comments_changed
from apps.core.live import publish
from apps.core.membership import membership_set
from apps.notifications.services import notify

MAX_TAGS = 4
_TAG_CLEAN = re.compile(r"[^a-z0-9-]+")


class PostingBanned(PermissionDenied):
    """The member is banned from posting and commenting."""


class DiscussionLocked(ValidationError):
    pass


@dataclass(frozen=True)
class PostData:
    title: str
    body: str
    tags: list[str]
    publish: bool


def tag_normalise(name: str) -> str:
    return _TAG_CLEAN.sub("", name.strip().lstrip("#").lower().replace(" ", "-"))[:30].strip("-")


def tags_get_or_create(*, names: list[str]) -> list[Tag]:
    tags = []
    for raw in names[:MAX_TAGS]:
        name = tag_normalise(raw)
        if not name:
            continue
        try:
            with transaction.atomic():
                tag, _ = Tag.objects.get_or_create(name=name)
        except IntegrityError:  # created concurrently
            tag = Tag.objects.get(name=name)
        tags.append(tag)
    return tags


def search_index_update(*, post_ids: list[int] | None = None, comment_ids: list[int] | None = None) -> None:
    """Refresh the stored full-text vectors (PostgreSQL only; SQLite searches with icontains)."""
    if connection.vendor != "postgresql":
        return
    from apps.community.selectors import comment_search_vector, post_search_vector

    if post_ids:
        Post.objects.filter(pk__in=post_ids).update(search_vector=post_search_vector())
    if comment_ids:
        Comment.objects.filter(pk__in=comment_ids).update(search_vector=comment_search_vector())


def _ensure_can_write(member) -> None:
    if PostingBan.objects.filter(member=member).exists():
        raise PostingBanned("You are banned from posting and commenting.")


def _render_into(obj, body: str) -> set[str]:
    html, mentions = render_body(body)
    obj.body = body
    obj.body_html = html
    return mentions


def _notify_mentions(*, handles: set[str], actor, target, url: str, where: str, skip: set[int]) -> set[int]:
    """Notify each mentioned member once; returns the ids notified."""
    from django.contrib.auth import get_user_model

    notified = set()
    for member in get_user_model().objects.filter(handle__in=handles, is_active=True):
        if member.pk in skip or member.pk == actor.pk:
            continue
        notify(
            recipient=member,
            kind="mention",
            verb=f"mentioned you in {where}",
            actor=actor,
            target=target,
            url=url,
        )
        notified.add(member.pk)
    return notified


@transaction.atomic
def post_create(*, author, data: PostData) -> Post:
    _ensure_can_write(author)
    post = Post(author=author, title=data.title.strip())
    mentions = _render_into(post, data.body)
    post.excerpt = excerpt_from_html(post.body_html)
    if data.publish:
        post.status = Post.Status.PUBLISHED
        post.published_at = timezone.now()
    post.full_clean(exclude=["tags"])
    post.save()
    post.tags.set(tags_get_or_create(names=data.tags))
    search_index_update(post_ids=[post.pk])
    if post.is_published:
        _notify_mentions(
            handles=mentions,
            actor=author,
            target=post,
            url=post.get_absolute_url(),
            where="a post",
            skip=set(),
        )
    return post


@transaction.atomic
def post_update(*, post: Post, data: PostData) -> Post:
    """Edit a post. A published post keeps its previous version and shows "edited"."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    _ensure_can_write(post.author)
    was_published = post.is_published
    changed = post.title != data.title.strip() or post.body.strip() != data.body.strip()
    _, old_mentions = render_body(post.body) if was_published else ("", set())
    if was_published and changed:
        PostRevision.objects.create(post=post, title=post.title, body=post.body)
        post.edited_at = timezone.now()
    post.title = data.title.strip()
    mentions = _render_into(post, data.body)
    post.excerpt = excerpt_from_html(post.body_html)
    if data.publish and not was_published:
        post.status = Post.Status.PUBLISHED
        post.published_at = timezone.now()
    elif not data.publish and not was_published:
        post.status = Post.Status.DRAFT
    post.full_clean(exclude=["tags"])
    post.save()
    post.tags.set(tags_get_or_create(names=data.tags))
    search_index_update(post_ids=[post.pk])
    if post.is_published:
        _notify_mentions(
            handles=mentions - old_mentions,
            actor=post.author,
            target=post,
            url=post.get_absolute_url(),
            where="a post",
            skip=set(),
        )
    return post


@transaction.atomic
def post_delete(*, post: Post) -> None:
    post.delete()


@transaction.atomic
def post_set_locked(*, post: Post, locked: bool) -> Post:
    post.comments_locked = locked
    post.save(update_fields=["comments_locked", "updated"])
    return post


@transaction.atomic
def comment_create(*, post: Post, author, body: str, parent: Comment | None = None) -> Comment:
    _ensure_can_write(author)
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.comments_locked:
        raise DiscussionLocked("The author has locked this discussion.")
    if not post.is_published or post.is_hidden:
        raise DiscussionLocked("This post is not open for comments.")
    if parent is not None and parent.post_id != post.pk:
        raise ValidationError("That reply belongs to another post.")
    comment = Comment(post=post, author=author, parent=parent, depth=(parent.depth + 1) if parent else 0)
    mentions = _render_into(comment, body)
    comment.full_clean()
    comment.save()
    search_index_update(comment_ids=[comment.pk])
    Post.objects.filter(pk=post.pk).update(comment_count=F("comment_count") + 1)
    comments_changed(post_ids=[post.pk])
    publish(post_channel(post.pk), "comment", str(comment.pk))
    url = f"{post.get_absolute_url()}#comment-{comment.pk}"
    notified = _notify_mentions(
        handles=mentions, actor=author, target=comment, url=url, where="a comment", skip=set()
    )
    if parent is not None and parent.author_id and parent.author_id not in notified:
        notify(
            recipient=parent.author,
            kind="reply",
            verb="replied to your comment",
            actor=author,
            target=comment,
            url=url,
        )
        notified.add(parent.author_id)
    if post.author_id and post.author_id not in notified:
        notify(
            recipient=post.author,
            kind="comment",
            verb="commented on your post",
            actor=author,
            target=post,
            url=url,
        )
    return comment


@transaction.atomic
def comment_update(*, comment: Comment, body: str) -> Comment:
    _ensure_can_write(comment.author)
    old_mentions = render_body(comment.body)[1]
    mentions = _render_into(comment, body)
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    search_index_update(comment_ids=[comment.pk])
    comments_changed(post_ids=[comment.post_id])
    _notify_mentions(
        handles=mentions - old_mentions,
        actor=comment.author,
        target=comment,
        url=f"{comment.post.get_absolute_url()}#comment-{comment.pk}",
        where="a comment",
        skip=set(),
    )
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment) -> None:
    """A comment with replies keeps its place in the thread as "deleted"; one without goes."""
    if comment.replies.exists():
        comment.is_deleted = True
        comment.body = ""
        comment.body_html = ""
        comment.save(update_fields=["is_deleted", "body", "body_html"])
        search_index_update(comment_ids=[comment.pk])
        Reaction.objects.filter(comment=comment).delete()
        Comment.objects.filter(pk=comment.pk).update(like_count=0, insightful_count=0, clap_count=0)
    else:
        comment.delete()
    Post.objects.filter(pk=comment.post_id, comment_count__gt=0).update(comment_count=F("comment_count") - 1)
    comments_changed(post_ids=[comment.post_id])


def _counter_update(*, post: Post | None, comment: Comment | None, kind: str, delta: int) -> None:
    field = f"{kind}_count"
    if post is not None:
        Post.objects.filter(pk=post.pk).update(
            **{field: F(field) + delta, "reaction_count": F("reaction_count") + delta}
        )
    else:
        Comment.objects.filter(pk=comment.pk).update(**{field: F(field) + delta})
        comments_changed(post_ids=[comment.post_id])


@transaction.atomic
def reaction_set(
    *, member, kind: str, on: bool, post: Post | None = None, comment: Comment | None = None
) -> bool:
    """Make `member`'s `kind` reaction on the post or comment be `on`. Idempotent: asking for
    the state that already holds changes nothing. Returns whether anything changed."""
    if kind not in ReactionKind.values:
        raise ValidationError("Unknown reaction.")
    if (post is None) == (comment is None):
        raise ValueError("React to exactly one post or comment.")
    target = {"post": post} if post is not None else {"comment": comment}
    if not membership_set(Reaction, on=on, member=member, kind=kind, **target):
        return False  # already so (a double tap, or a race): nothing changes
    _counter_update(post=post, comment=comment, kind=kind, delta=1 if on else -1)
    if not on:
        return True
    author = (post or comment).author
    if author is not None:
        noun = "post" if post is not None else "comment"
        notify(
            recipient=author,
            kind="reaction",
            verb=f"reacted to your {noun}",
            actor=member,
            target=post or comment,
            url=(post or comment).get_absolute_url(),
        )
    return True


@transaction.atomic
def post_save_set(*, member, post: Post, on: bool) -> bool:
    return membership_set(SavedPost, on=on, member=member, post=post)


def _relation_target(*, member, verb: str, user, tag: Tag | None) -> dict:
    """What a follow or a mute points at: exactly one member (not oneself) or one tag."""
    if (user is None) == (tag is None):
        raise ValueError(f"{verb.capitalize()} exactly one member or tag.")
    if user is not None and user.pk == member.pk:
        raise ValidationError(f"You cannot {verb} yourself.")
    return {"user": user} if user is not None else {"tag": tag}


@transaction.atomic
def follow_set(*, follower, on: bool, user=None, tag: Tag | None = None) -> bool:
    """Follow or unfollow a member or a tag. Following someone unmutes them."""
    target = _relation_target(member=follower, verb="follow", user=user, tag=tag)
    if not membership_set(Follow, on=on, follower=follower, **target):
        return False
    if not on:
        return True
    Mute.objects.filter(member=follower, **target).delete()
    if user is not None:
        url = reverse("profiles:detail", args=[follower.handle])
        notify(recipient=user, kind="follow", verb="followed you", actor=follower, url=url)
    return True


@transaction.atomic
def mute_set(*, member, on: bool, user=None, tag: Tag | None = None) -> bool:
    """Mute or unmute a member or a tag. Muting someone also unfollows them."""
    target = _relation_target(member=member, verb="mute", user=user, tag=tag)
    if not membership_set(Mute, on=on, member=member, **target):
        return False
    if on:
        Follow.objects.filter(follower=member, **target).delete()
    return True


@transaction.atomic
def report_create(
    *, reporter, reason: str, details: str = "", post: Post | None = None, comment: Comment | None = None
) -> Report:
    """File a report; reporting the same thing again while it is open changes nothing."""
    target = {"post": post} if post is not None else {"comment": comment}
    existing = Report.objects.filter(reporter=reporter, status=Report.Status.OPEN, **target).first()
    if existing is not None:
        return existing
    report = Report(reporter=reporter, reason=reason, details=details.strip(), **target)
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:
        return Report.objects.get(reporter=reporter, status=Report.Status.OPEN, **target)
    return report
