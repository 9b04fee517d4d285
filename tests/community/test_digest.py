from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.community.digest import digest_send_all
from apps.community.services import follow_set, mute_set
from apps.community.tasks import weekly_digest
from apps.mailer.models import OutboxEmail
from apps.notifications.services import preferences_set
from tests.accounts.factories import UserFactory
from tests.community.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader():
    member = UserFactory(handle="reader")
    python = TagFactory(name="python")
    follow_set(follower=member, tag=python, on=True)
    PostFactory(title="Top python post", tags=[python], reaction_count=9)
    PostFactory(title="Quiet python post", tags=[python], reaction_count=1)
    PostFactory(title="Old python post", tags=[python], published_at=timezone.now() - timedelta(days=10))
    PostFactory(title="Rust post", tags=[TagFactory(name="rust")])
    return member


def test_digest_is_off_by_default(reader):
    assert digest_send_all() == 0
    assert not OutboxEmail.objects.exists()


def test_digest_sends_top_posts_from_followed_tags_once_a_week(reader):
    preferences_set(user=reader, channels={}, weekly_digest=True)
    assert digest_send_all() == 1
    email = OutboxEmail.objects.get()
    assert reader.email in email.recipients
    text = email.text_body
    assert text.index("Top python post") < text.index("Quiet python post")
    assert "Old python post" not in text and "Rust post" not in text
    digest_send_all()  # same week: the idempotency key holds
    assert OutboxEmail.objects.count() == 1


def test_digest_skips_muted_members_and_empty_weeks(reader):
    preferences_set(user=reader, channels={}, weekly_digest=True)
    quiet = UserFactory()
    preferences_set(user=quiet, channels={}, weekly_digest=True)  # follows nothing
    from apps.community.models import Post

    for post in Post.objects.filter(title__contains="python post"):
        mute_set(member=reader, user=post.author, on=True)
    assert digest_send_all() == 0


def test_periodic_task_runs(reader):
    preferences_set(user=reader, channels={}, weekly_digest=True)
    weekly_digest.call_local()
    assert OutboxEmail.objects.count() == 1
