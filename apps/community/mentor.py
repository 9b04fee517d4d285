"""What the mentor may read of the community feed (see apps/core/mentor.py): what the feeds
list, published and not hidden. Posts carry tags, not skills, so the mentor matches them to a
member's skills by their words."""

from __future__ import annotations

from django.utils import timezone

from apps.community.models import Post
from apps.core.mentor import MentorContent, MentorItem, item_text, item_title

KIND = "post"


def _item(post: Post, skills: tuple[str, ...]) -> MentorItem:
    text = item_text(post.excerpt, post.body)
    title = item_title(post.title, text, kind=KIND, pk=post.pk)
    return MentorItem(KIND, post.pk, title, post.get_absolute_url(), text, skills)


def _sample(spec: dict) -> Post:
    """A post for the mentor's evaluation world: published unless `spec["published"]` is false."""
    from apps.community.services import search_index_update

    published = spec.get("published", True)
    post = Post.objects.create(
        title=spec.get("title", ""),
        body=spec["body"],
        status=Post.Status.PUBLISHED if published else Post.Status.DRAFT,
        published_at=timezone.now() if published else None,
        is_hidden=spec.get("hidden", False),
    )
    search_index_update(post_ids=[post.pk])  # the mentor searches the stored vector
    return post


CONTENT = MentorContent(
    kind=KIND,
    public=Post.objects.listed,
    item=_item,
    searched=("title", "excerpt", "body"),
    vector="search_vector",  # kept by the services, GIN-indexed (PostgreSQL)
    sample=_sample,
)
