"""The part of a comment every viewer sees is drawn once per web process (post_detail.html,
comment.card_key): whatever it shows changes at once, and the per-request parts stay live."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from apps.community import services
from apps.community.models import Comment
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def _page(client, post) -> str:
    return client.get(post.get_absolute_url()).content.decode()


def test_an_edited_comment_shows_its_new_text_at_once(member_client):
    comment = CommentFactory(author=member_client.user, body="First thoughts on the venue.")
    assert "First thoughts" in _page(member_client, comment.post)
    services.comment_update(comment=comment, body="Second thoughts on the venue.")
    html = _page(member_client, comment.post)
    assert "Second thoughts" in html and "First thoughts" not in html and " · edited" in html


def test_a_hidden_comment_shows_its_badge_to_its_author_and_is_removed_for_others(member_client, client):
    comment = CommentFactory(author=member_client.user, body="Borderline joke.")
    assert "hidden by moderators" not in _page(member_client, comment.post)
    assert "Borderline joke." in _page(client, comment.post)
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    assert "hidden by moderators" in _page(member_client, comment.post)
    visitor = UserFactory()
    client.force_login(visitor)
    html = _page(client, comment.post)
    assert "Borderline joke." not in html


def test_a_renamed_author_and_a_deleted_comment_show_at_once(client):
    author = UserFactory(handle="ada_lagos")
    comment = CommentFactory(author=author, body="See you at OTEI.")
    CommentFactory(post=comment.post, parent=comment, depth=1, body="Me too.")  # keeps its place
    client.force_login(UserFactory())
    assert "@ada_lagos" in _page(client, comment.post)
    type(author).objects.filter(pk=author.pk).update(handle="ada_ibadan")
    html = _page(client, comment.post)
    assert "@ada_ibadan" in html and "@ada_lagos" not in html
    services.comment_delete(comment=Comment.objects.get(pk=comment.pk))
    html = _page(client, comment.post)
    assert "Comment deleted." in html and "See you at OTEI." not in html


def test_the_time_since_a_comment_stays_live_when_its_text_is_drawn_already(client):
    post = PostFactory()
    comment = CommentFactory(post=post, body="Early bird.")
    client.force_login(UserFactory())
    assert "just now" in _page(client, post)
    Comment.objects.filter(pk=comment.pk).update(created=timezone.now() - timedelta(hours=3))
    html = _page(client, post)
    assert "3\xa0hours ago" in html and "Early bird." in html


def test_each_viewer_sees_only_their_own_edit_link_under_a_drawn_comment(client, member_client):
    comment = CommentFactory(author=member_client.user, body="Mine to edit.")
    assert "Delete…" in _page(member_client, comment.post)
    client.force_login(UserFactory())
    html = _page(client, comment.post)
    assert "Mine to edit." in html and "Delete…" not in html and "Report" in html
