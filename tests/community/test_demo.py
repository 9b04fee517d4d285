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
