"""The weekly digest: top posts of the past week from the tags a member follows. Members
opt in on /notifications/preferences/ (off by default)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.community import selectors
from apps.community.models import Post
from apps.notifications.selectors import digest_subscriber_ids
from apps.notifications.services import digest_mark_sent

DIGEST_POSTS = 8


def digest_posts_for(*, user, now) -> list[Post]:
    viewer = selectors.viewer_for(user)
    if not viewer.followed_tags:
        return []
    since = now - timedelta(days=7)
    qs = (
        selectors.posts_without_muted(Post.objects.listed(), viewer)
        .filter(published_at__gte=since, tags__in=list(viewer.followed_tags))
        .exclude(author=user)
        .distinct()
        .order_by("-reaction_count", "-comment_count", "-published_at")
    )
    return list(qs.select_related("author")[:DIGEST_POSTS])


@transaction.atomic
def digest_send(*, user, now=None) -> bool:
    """Enqueue this week's digest for `user` (once per ISO week); False when there is nothing."""
    from apps.mailer.services import email_enqueue
    from apps.notifications.services import DIGEST, unsubscribe_url

    now = now or timezone.now()
    posts = digest_posts_for(user=user, now=now)
    if not posts:
        return False
    year, week, _ = now.isocalendar()
    email_enqueue(
        to=user.email,
        template="community/weekly_digest",
        context={
            "handle": user.handle,
            "posts": [
                {
                    "title": p.display_title,
                    "author": p.author.handle if p.author else "deleted member",
                    "url": f"{settings.SITE_URL}{p.get_absolute_url()}",
                    "reactions": p.reaction_count,
                    "comments": p.comment_count,
                }
                for p in posts
            ],
            "preferences_url": settings.SITE_URL + reverse("notifications:preferences"),
        },
        key=f"weekly-digest:{user.pk}:{year}-{week}",
        list_unsubscribe=unsubscribe_url(user=user, topic=DIGEST),
    )
    digest_mark_sent(user=user, when=now)
    return True


def digest_send_all(*, now=None) -> int:
    sent = 0
    users = get_user_model().objects.filter(pk__in=digest_subscriber_ids())
    for user in users.iterator():
        sent += digest_send(user=user, now=now)
    return sent
