from __future__ import annotations

import io

import pytest
from django.db.models import Count, Sum

from apps.community import demo
from apps.community.models import Comment, Post, Reaction
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_small_demo_is_consistent_and_idempotent():
    for _ in range(5):
        UserFactory()
    UserFactory(email="demo@example.com", handle="demo")
    demo.seed(size="small", stdout=io.StringIO())
    counts = (Post.objects.count(), Comment.objects.count(), Reaction.objects.count())
    assert counts[0] == demo.SIZES["small"]
    totals = Post.objects.aggregate(r=Sum("reaction_count"), c=Sum("comment_count"))
    assert totals["r"] == counts[2] and totals["c"] == counts[1]
    assert Post.objects.annotate(n=Count("tags")).filter(n=0).count() == 0
    assert (
        "highlight" in Post.objects.exclude(body_html="").first().body_html
        or Post.objects.filter(body_html__contains="highlight").exists()
    )
    demo.seed(size="small", stdout=io.StringIO())
    assert (Post.objects.count(), Comment.objects.count(), Reaction.objects.count()) == counts


def test_demo_posts_carry_tags_that_match_what_they_say():
    for _ in range(4):
        UserFactory()
    demo.seed(size="small", stdout=io.StringIO())
    for post in Post.objects.prefetch_related("tags"):
        names = {tag.name for tag in post.tags.all()}
        if "```rust" in post.body:
            assert "rust" in names and not names & {"python", "javascript", "postgres"}, names
        if "```sql" in post.body:
            assert "postgres" in names, names
        if "console.table" in post.body:
            assert not names & {"python", "rust", "go"}, names
        if "Rust" in post.title:
            assert "Python" not in post.title
