from __future__ import annotations

import json

import pytest

from apps.community.models import Comment, Follow, Post, Reaction
from apps.community.privacy import erase_member_data, export_member_data
from apps.community.services import PostData, comment_create, follow_set, post_create, reaction_set
from tests.accounts.factories import UserFactory
from tests.community.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase_member_data(client):
    member = UserFactory(handle="leaver")
    post = post_create(author=member, data=PostData(title="Mine", body="body", tags=["python"], publish=True))
    post_create(author=member, data=PostData(title="Draft", body="wip", tags=[], publish=False))
    other_post = PostFactory()
    comment_create(post=other_post, author=member, body="my comment")
    reaction_set(member=member, kind="like", on=True, post=other_post)
    follow_set(follower=member, tag=TagFactory(name="rust"), on=True)

    data = export_member_data(member)
    json.dumps(data)
    assert {p["title"] for p in data["posts"]} == {"Mine", "Draft"}
    assert data["comments"][0]["body"] == "my comment"
    assert data["reactions"][0]["kind"] == "like"
    assert data["following"]["tags"] == ["rust"]

    erase_member_data(member)
    assert not Reaction.objects.filter(member=member).exists()
    assert not Follow.objects.filter(follower=member).exists()
    assert not Post.objects.filter(title="Draft").exists()
    post.refresh_from_db()
    assert post.author is None
    assert Comment.objects.get(body="my comment").author is None
    other_post.refresh_from_db()
    assert other_post.like_count == 0 and other_post.reaction_count == 0
    page = client.get(post.get_absolute_url()).content.decode()
    assert "deleted member" in page and "leaver" not in page
