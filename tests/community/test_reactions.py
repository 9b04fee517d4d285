from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.community.models import Reaction
from apps.community.services import reaction_set
from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_reacting_twice_is_idempotent():
    post, member = PostFactory(), UserFactory()
    assert reaction_set(member=member, kind="like", on=True, post=post) is True
    assert reaction_set(member=member, kind="like", on=True, post=post) is False
    post.refresh_from_db()
    assert post.like_count == 1 and post.reaction_count == 1
    assert Reaction.objects.count() == 1


def test_unreacting_twice_is_idempotent():
    post, member = PostFactory(), UserFactory()
    reaction_set(member=member, kind="clap", on=True, post=post)
    assert reaction_set(member=member, kind="clap", on=False, post=post) is True
    assert reaction_set(member=member, kind="clap", on=False, post=post) is False
    post.refresh_from_db()
    assert post.clap_count == 0 and post.reaction_count == 0


def test_kinds_count_separately():
    post, member = PostFactory(), UserFactory()
    for kind in ("like", "insightful", "clap"):
        reaction_set(member=member, kind=kind, on=True, post=post)
    post.refresh_from_db()
    assert (post.like_count, post.insightful_count, post.clap_count, post.reaction_count) == (1, 1, 1, 3)


def test_database_refuses_a_duplicate_reaction():
    post, member = PostFactory(), UserFactory()
    Reaction.objects.create(member=member, post=post, kind="like")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(member=member, post=post, kind="like")


def test_unknown_kind_is_rejected():
    with pytest.raises(ValidationError):
        reaction_set(member=UserFactory(), kind="angry", on=True, post=PostFactory())


def test_reaction_view_swaps_the_counts_in_place(member_client):
    post = PostFactory()
    response = member_client.post(
        f"/posts/{post.pk}/react/", {"kind": "like", "on": "1"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="post-reactions"')
    assert 'aria-pressed="true" data-reaction="like"' in body
    assert "<span data-count>1</span>" in body
    # A double submit of the same state changes nothing.
    member_client.post(f"/posts/{post.pk}/react/", {"kind": "like", "on": "1"}, HTTP_HX_REQUEST="true")
    post.refresh_from_db()
    assert post.like_count == 1


def test_reaction_without_javascript_redirects(member_client):
    post = PostFactory()
    response = member_client.post(f"/posts/{post.pk}/react/", {"kind": "insightful", "on": "1"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.insightful_count == 1


def test_reaction_bad_kind_is_404(member_client):
    post = PostFactory()
    assert member_client.post(f"/posts/{post.pk}/react/", {"kind": "<script>", "on": "1"}).status_code == 404


def test_reaction_needs_login(client):
    post = PostFactory()
    assert client.post(f"/posts/{post.pk}/react/", {"kind": "like", "on": "1"}).status_code == 302
    assert not Reaction.objects.exists()


def test_comment_reactions(member_client):
    comment = CommentFactory()
    response = member_client.post(
        f"/comments/{comment.pk}/react/", {"kind": "clap", "on": "1"}, HTTP_HX_REQUEST="true"
    )
    assert f'id="comment-reactions-{comment.pk}"' in response.content.decode()
    comment.refresh_from_db()
    assert comment.clap_count == 1
    n = Notification.objects.get(recipient=comment.author)
    assert n.verb == "reacted to your comment"


def test_a_comment_has_one_reaction_form_whose_buttons_post_the_wanted_state(member_client):
    comment = CommentFactory()
    reaction_set(member=member_client.user, kind="like", on=True, comment=comment)
    page = member_client.get(comment.post.get_absolute_url()).content.decode()
    block = page[page.index(f'id="comment-reactions-{comment.pk}"') :]
    block = block[: block.index("</form>")]
    assert block.count("csrf") == 1  # one form, not a form per button
    assert 'name="reaction" value="like=0"' in block  # already on: the button turns it off
    assert 'name="reaction" value="clap=1"' in block

    member_client.post(f"/comments/{comment.pk}/react/", {"reaction": "like=0"})
    member_client.post(f"/comments/{comment.pk}/react/", {"reaction": "clap=1"})
    comment.refresh_from_db()
    assert (comment.like_count, comment.clap_count) == (0, 1)


@pytest.mark.parametrize("value", ["", "=1", "nonsense=1", "like", "<script>=1"])
def test_a_malformed_comment_reaction_is_not_found_and_changes_nothing(member_client, value):
    comment = CommentFactory()
    response = member_client.post(f"/comments/{comment.pk}/react/", {"reaction": value})
    assert response.status_code == 404
    assert not Reaction.objects.exists()


def test_reactions_notify_the_author_grouped():
    post = PostFactory()
    for _ in range(3):
        reaction_set(member=UserFactory(), kind="like", on=True, post=post)
    n = Notification.objects.get(recipient=post.author)
    assert n.count == 3 and "and 2 others reacted to your post" in n.summary


def test_cannot_react_to_a_hidden_post(member_client):
    post = PostFactory(is_hidden=True)
    assert member_client.post(f"/posts/{post.pk}/react/", {"kind": "like", "on": "1"}).status_code == 404


def test_a_comment_reaction_form_posts_without_javascript_with_the_pages_csrf_token(user):
    """The reaction buttons are written by a template tag, not the {% csrf_token %} tag: the
    token it writes must be one CsrfViewMiddleware accepts."""
    import re

    from django.test import Client

    comment = CommentFactory()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    page = browser.get(comment.post.get_absolute_url()).content.decode()
    form = page[page.index(f'<form id="comment-reactions-{comment.pk}"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form[: form.index("</form>")]).group(1)

    response = browser.post(
        f"/comments/{comment.pk}/react/", {"reaction": "clap=1", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.clap_count == 1


def test_visitors_see_comment_reaction_counts_without_a_form(client):
    comment = CommentFactory()
    reaction_set(member=UserFactory(), kind="like", on=True, comment=comment)
    page = client.get(comment.post.get_absolute_url()).content.decode()
    block = page[page.index(f'id="comment-reactions-{comment.pk}"') :]
    block = block[: block.index("</div>")]
    assert f'<div id="comment-reactions-{comment.pk}"' in page
    assert "<button" not in block and "csrfmiddlewaretoken" not in block
    assert 'data-reaction="like"><span aria-hidden="true">❤️</span> <span data-count>1</span>' in block
