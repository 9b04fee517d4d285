"""The community pages the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.community.models import Post, Tag
from apps.community.selectors import feed_page
from apps.community.services import follow_set
from apps.core.benchmark.targets import Target, htmx_partial, signed_in


def prepare(*, member) -> None:
    """The benchmark member follows 50 members and 5 tags, for the signed-in feed."""
    others = get_user_model().objects.exclude(pk=member.pk).filter(is_active=True).order_by("pk")[:50]
    for other in others:
        follow_set(follower=member, on=True, user=other)
    for tag in Tag.objects.order_by("pk")[:5]:
        follow_set(follower=member, on=True, tag=tag)


def targets(*, member) -> list[Target]:
    found = []
    if member is not None:
        feed = reverse("community:feed")
        found += [
            Target("feed (following)", f"{feed}?tab=following", session=True),
        ]
        # The next page is read by key: its address carries the cursor the first page ends with.
        first, _ = feed_page(user=member, tab="following", period="week", cursor=None)
        if first.has_next:
            found.append(
                htmx_partial(
                    "feed, next page",
                    f"{feed}?{urlencode({'tab': 'following', 'cursor': first.next_cursor})}",
                    hx_target="feed-next",
                    session=True,
                )
            )
    most_discussed = Post.objects.order_by("-comment_count").first()
    if most_discussed is not None:
        post = Target("post detail", most_discussed.get_absolute_url())
        found += [post, *([signed_in(post)] if member is not None else [])]
    return found
