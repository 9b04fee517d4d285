"""Data export and erasure for the community (collected by the accounts app)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Q

from apps.community.models import Comment, Follow, Mute, Post, Reaction, ReactionKind, Report, SavedPost
from apps.community.selectors import comments_changed


def export_member_data(user) -> dict:
    return {
        "posts": [
            {
                "id": p.pk,
                "title": p.title,
                "body": p.body,
                "status": p.status,
                "tags": [t.name for t in p.tags.all()],
                "created": p.created.isoformat(),
                "published_at": p.published_at.isoformat() if p.published_at else None,
                "revisions": [
                    {"title": r.title, "body": r.body, "created": r.created.isoformat()}
                    for r in p.revisions.all()
                ],
            }
            for p in Post.objects.filter(author=user)
            .prefetch_related("tags", "revisions")
            .order_by("created")
        ],
        "comments": [
            {
                "id": c.pk,
                "post": c.post_id,
                "parent": c.parent_id,
                "body": c.body,
                "created": c.created.isoformat(),
            }
            for c in Comment.objects.filter(author=user).order_by("created")
        ],
        "reactions": [
            {"kind": r.kind, "post": r.post_id, "comment": r.comment_id, "created": r.created.isoformat()}
            for r in Reaction.objects.filter(member=user).order_by("created")
        ],
        "following": {
            "members": list(
                Follow.objects.filter(follower=user, user__isnull=False).values_list(
                    "user__handle", flat=True
                )
            ),
            "tags": list(
                Follow.objects.filter(follower=user, tag__isnull=False).values_list("tag__name", flat=True)
            ),
        },
        "muted": {
            "members": list(
                Mute.objects.filter(member=user, user__isnull=False).values_list("user__handle", flat=True)
            ),
            "tags": list(
                Mute.objects.filter(member=user, tag__isnull=False).values_list("tag__name", flat=True)
            ),
        },
        "reading_list": list(SavedPost.objects.filter(member=user).values_list("post_id", flat=True)),
        "reports": [
            {"reason": r.reason, "details": r.details, "post": r.post_id, "comment": r.comment_id}
            for r in Report.objects.filter(reporter=user)
        ],
    }


def _recount(post_ids: set[int], comment_ids: set[int]) -> None:
    """Counters after the member's reactions are gone."""
    kinds = ReactionKind.values
    for post in Post.objects.filter(pk__in=post_ids).annotate(
        **{f"n_{k}": Count("reactions", filter=Q(reactions__kind=k)) for k in kinds}
    ):
        counts = {f"{k}_count": getattr(post, f"n_{k}") for k in kinds}
        Post.objects.filter(pk=post.pk).update(**counts, reaction_count=sum(counts.values()))
    for comment in Comment.objects.filter(pk__in=comment_ids).annotate(
        **{f"n_{k}": Count("reactions", filter=Q(reactions__kind=k)) for k in kinds}
    ):
        Comment.objects.filter(pk=comment.pk).update(
            **{f"{k}_count": getattr(comment, f"n_{k}") for k in kinds}
        )


@transaction.atomic
def erase_member_data(user) -> None:
    """Delete reactions, follows, mutes, the reading list, reports and drafts; published posts
    and comments stay for the discussions they belong to, by "deleted member"."""
    reactions = Reaction.objects.filter(member=user)
    post_ids = set(reactions.filter(post__isnull=False).values_list("post_id", flat=True))
    comment_ids = set(reactions.filter(comment__isnull=False).values_list("comment_id", flat=True))
    # Threads showing the member's comments or reactions on comments: cached for visitors.
    comments_changed(
        post_ids=set(
            Comment.objects.filter(Q(author=user) | Q(pk__in=comment_ids)).values_list("post_id", flat=True)
        )
    )
    reactions.delete()
    _recount(post_ids, comment_ids)
    Follow.objects.filter(Q(follower=user) | Q(user=user)).delete()
    Mute.objects.filter(Q(member=user) | Q(user=user)).delete()
    SavedPost.objects.filter(member=user).delete()
    Report.objects.filter(reporter=user).update(reporter=None, details="")
    Post.objects.filter(author=user, status=Post.Status.DRAFT).delete()
    Post.objects.filter(author=user).update(author=None)
    Comment.objects.filter(author=user).update(author=None)
