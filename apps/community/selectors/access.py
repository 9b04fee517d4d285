"""The access helpers every community view uses: fetch, check who may see or change it, 404."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models.functions import Lower
from django.http import Http404

from apps.community.models import Comment, Post, PostingBan, Tag
from apps.core.permissions import is_verified_staff


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
