from __future__ import annotations

import pytest

from apps.community.models import Comment, Post
from apps.community.selectors import MAX_DISPLAY_DEPTH, comment_thread
from apps.community.services import comment_create
from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_comment_without_javascript_redirects_to_the_comment(member_client):
    post = PostFactory()
    response = member_client.post(f"/posts/{post.pk}/comments/", {"body": "Nice **post**"})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/posts/{post.pk}/#comment-{comment.pk}"
    assert "<strong>post</strong>" in comment.body_html
    post.refresh_from_db()
    assert post.comment_count == 1


def test_comment_with_htmx_swaps_the_discussion(member_client):
    post = PostFactory()
    response = member_client.post(
        f"/posts/{post.pk}/comments/", {"body": "Hello there"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section id="comments"')
    assert "Hello there" in body and "Discussion (1)" in body


def test_empty_comment_shows_an_error(member_client):
    post = PostFactory()
    response = member_client.post(f"/posts/{post.pk}/comments/", {"body": "  "}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Write a comment first." in response.content.decode()
    assert not Comment.objects.exists()


def test_failed_reply_keeps_the_text_under_the_parent(member_client):
    parent = CommentFactory()
    response = member_client.post(
        f"/posts/{parent.post_id}/comments/",
        {"body": "x" * 10_001, "parent": parent.pk},
        HTTP_HX_REQUEST="true",
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert f'id="reply-form-{parent.pk}"' in body


def test_anonymous_cannot_comment(client):
    post = PostFactory()
    response = client.post(f"/posts/{post.pk}/comments/", {"body": "hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


def test_reply_to_a_reply_threads(member_client):
    post = PostFactory()
    top = CommentFactory(post=post)
    member_client.post(f"/posts/{post.pk}/comments/", {"body": "reply", "parent": top.pk})
    reply = Comment.objects.get(parent=top)
    member_client.post(f"/posts/{post.pk}/comments/", {"body": "reply to reply", "parent": reply.pk})
    deeper = Comment.objects.get(parent=reply)
    assert (top.depth, reply.depth, deeper.depth) == (0, 1, 2)
    thread = comment_thread(post=post, user=member_client.user)
    assert [c.pk for c in thread] == [top.pk, reply.pk, deeper.pk]
    assert [c.display_depth for c in thread] == [0, 1, 2]


def test_thread_order_puts_replies_under_their_parent():
    post = PostFactory()
    a = CommentFactory(post=post)
    b = CommentFactory(post=post)
    a_reply = comment_create(post=post, author=UserFactory(), body="late reply to a", parent=a)
    thread = comment_thread(post=post, user=UserFactory())
    assert [c.pk for c in thread] == [a.pk, a_reply.pk, b.pk]


def test_deep_replies_are_flattened_at_the_maximum_depth():
    post = PostFactory()
    author = UserFactory()
    parent = None
    for i in range(MAX_DISPLAY_DEPTH + 3):
        parent = comment_create(post=post, author=author, body=f"level {i}", parent=parent)
    thread = comment_thread(post=post, user=author)
    assert max(c.display_depth for c in thread) == MAX_DISPLAY_DEPTH
    assert thread[-1].depth == MAX_DISPLAY_DEPTH + 2
    assert thread[-1].flattened and not thread[MAX_DISPLAY_DEPTH].flattened


def test_reply_parent_from_another_post_is_rejected(member_client):
    post, elsewhere = PostFactory(), CommentFactory()
    response = member_client.post(f"/posts/{post.pk}/comments/", {"body": "sneaky", "parent": elsewhere.pk})
    assert response.status_code == 422
    assert not Comment.objects.filter(body="sneaky").exists()


def test_reply_form_partial_and_no_js_fallback(member_client):
    comment = CommentFactory()
    partial = member_client.get(f"/comments/{comment.pk}/reply/", HTTP_HX_REQUEST="true").content.decode()
    assert f'name="parent" value="{comment.pk}"' in partial
    response = member_client.get(f"/comments/{comment.pk}/reply/")
    assert response.status_code == 302 and f"?reply={comment.pk}" in response["Location"]
    page = member_client.get(f"/posts/{comment.post_id}/?reply={comment.pk}").content.decode()
    assert f'id="reply-form-{comment.pk}"' in page


def test_locked_discussion_refuses_comments(member_client):
    post = PostFactory(comments_locked=True)
    response = member_client.post(f"/posts/{post.pk}/comments/", {"body": "hello"})
    assert response.status_code == 422
    assert "locked" in response.content.decode()
    assert not Comment.objects.exists()


def test_author_can_lock_and_others_cannot(member_client, other_client):
    post = PostFactory(author=member_client.user)
    assert other_client.post(f"/posts/{post.pk}/lock/", {"locked": "1"}).status_code == 403
    member_client.post(f"/posts/{post.pk}/lock/", {"locked": "1"})
    post.refresh_from_db()
    assert post.comments_locked
    member_client.post(f"/posts/{post.pk}/lock/", {"locked": "0"})
    post.refresh_from_db()
    assert not post.comments_locked


def test_edit_own_comment(member_client):
    comment = CommentFactory(author=member_client.user, body="before")
    assert member_client.get(f"/comments/{comment.pk}/edit/").status_code == 200
    response = member_client.post(f"/comments/{comment.pk}/edit/", {"body": "after *edit*"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "after *edit*" and "<em>edit</em>" in comment.body_html and comment.edited_at


def test_cannot_edit_or_delete_someone_elses_comment(member_client):
    comment = CommentFactory(body="theirs")
    assert member_client.get(f"/comments/{comment.pk}/edit/").status_code == 403
    assert member_client.post(f"/comments/{comment.pk}/edit/", {"body": "mine now"}).status_code == 403
    assert member_client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.body == "theirs"


def test_delete_comment_without_replies_removes_it(member_client):
    post = PostFactory()
    member_client.post(f"/posts/{post.pk}/comments/", {"body": "oops"})
    comment = Comment.objects.get()
    response = member_client.post(f"/comments/{comment.pk}/delete/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert not Comment.objects.exists()
    post.refresh_from_db()
    assert post.comment_count == 0


def test_delete_comment_with_replies_keeps_its_place(member_client):
    post = PostFactory()
    comment = comment_create(post=post, author=member_client.user, body="parent words")
    comment_create(post=post, author=UserFactory(), body="child", parent=comment)
    member_client.post(f"/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == ""
    page = member_client.get(post.get_absolute_url()).content.decode()
    assert "Comment deleted." in page and "child" in page and "parent words" not in page


def test_comment_mention_notifies_and_links(member_client):
    ada = UserFactory(handle="ada")
    post = PostFactory()
    member_client.post(f"/posts/{post.pk}/comments/", {"body": "cc @ada"})
    comment = Comment.objects.get()
    assert '<a href="/u/ada/" rel="nofollow noopener">@ada</a>' in comment.body_html
    n = Notification.objects.get(recipient=ada)
    assert n.kind == "mention" and n.url == f"/posts/{post.pk}/#comment-{comment.pk}"


def test_mentioning_the_post_author_sends_one_notification_not_two():
    author = UserFactory(handle="writer")
    post = PostFactory(author=author)
    comment_create(post=post, author=UserFactory(), body="thanks @writer")
    assert list(Notification.objects.filter(recipient=author).values_list("kind", flat=True)) == ["mention"]


def test_comment_notifies_post_author_and_reply_notifies_parent_author():
    author, first, second = UserFactory(), UserFactory(), UserFactory()
    post = PostFactory(author=author)
    top = comment_create(post=post, author=first, body="first")
    comment_create(post=post, author=second, body="second", parent=top)
    assert Notification.objects.get(recipient=first).kind == "reply"
    on_post = Notification.objects.get(recipient=author, kind="comment")
    assert on_post.count == 2  # grouped: two people commented


def test_commenting_on_own_post_notifies_nobody():
    author = UserFactory()
    post = PostFactory(author=author)
    comment_create(post=post, author=author, body="self")
    assert not Notification.objects.exists()


def test_comment_rate_limit(member_client, settings):
    settings.COMMUNITY_COMMENT_RATE = "2/h"
    post = PostFactory()
    for i in range(2):
        assert member_client.post(f"/posts/{post.pk}/comments/", {"body": f"c{i}"}).status_code == 302
    response = member_client.post(f"/posts/{post.pk}/comments/", {"body": "c3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert Comment.objects.count() == 2


def test_cannot_comment_on_a_draft(member_client):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert member_client.post(f"/posts/{draft.pk}/comments/", {"body": "hi"}).status_code == 404


def test_edit_comment_in_place_with_htmx(member_client):
    comment = CommentFactory(author=member_client.user, body="before")
    form = member_client.get(f"/comments/{comment.pk}/edit/", HTTP_HX_REQUEST="true").content.decode()
    assert form.lstrip().startswith(f'<form id="comment-edit-form-{comment.pk}"') and "before" in form
    response = member_client.post(f"/comments/{comment.pk}/edit/", {"body": "after"}, HTTP_HX_REQUEST="true")
    assert response.content.decode().lstrip().startswith('<section id="comments"')
    assert "after" in response.content.decode()
    bad = member_client.post(f"/comments/{comment.pk}/edit/", {"body": ""}, HTTP_HX_REQUEST="true")
    assert bad["HX-Retarget"] == f"#comment-edit-form-{comment.pk}"
    assert "Write a comment first." in bad.content.decode()


def _comment_html(client, post: Post, comment: Comment) -> str:
    html = client.get(post.get_absolute_url()).content.decode()
    start = html.find(f'id="comment-{comment.pk}"')
    return "" if start < 0 else html[start : html.find("</li>", start)]


def test_visitors_get_the_thread_from_the_cache_and_see_every_change_at_once(
    client, django_assert_num_queries, django_capture_on_commit_callbacks
):
    from apps.community.moderation import moderation_apply
    from apps.community.services import comment_update, reaction_set

    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(post=post, author=UserFactory(), body="original words")
    assert "original words" in _comment_html(client, post, comment)
    with django_assert_num_queries(2):  # post and its tags: the thread is a cached fragment
        assert "original words" in _comment_html(client, post, comment)

    with django_capture_on_commit_callbacks(execute=True):
        comment_update(comment=comment, body="edited words")
    assert "edited words" in _comment_html(client, post, comment)

    with django_capture_on_commit_callbacks(execute=True):
        reaction_set(member=UserFactory(), kind="clap", on=True, comment=comment)
    assert 'data-reaction="clap"><span aria-hidden="true">👏</span> <span data-count>1</span>' in (
        _comment_html(client, post, comment)
    )

    with django_capture_on_commit_callbacks(execute=True):
        moderation_apply(staff=UserFactory(is_staff=True), action="hide", comment=comment)
    assert _comment_html(client, post, comment) == ""  # removed, and it had no replies


def test_members_never_get_the_visitors_cached_thread(member_client):
    from django.test import Client

    post = PostFactory()
    comment = comment_create(post=post, author=member_client.user, body="mine")
    assert "Edit" not in _comment_html(Client(), post, comment)  # the visitors' thread, now cached
    assert f'href="/comments/{comment.pk}/edit/"' in _comment_html(member_client, post, comment)


def test_visitors_see_deleted_member_at_once_after_the_author_is_erased(django_capture_on_commit_callbacks):
    from django.test import Client

    from apps.community.privacy import erase_member_data

    author = UserFactory()
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(post=post, author=author, body="hello")
    assert f"@{author.handle}" in _comment_html(Client(), post, comment)
    with django_capture_on_commit_callbacks(execute=True):
        erase_member_data(author)
    html = _comment_html(Client(), post, comment)
    assert "deleted member" in html and f"@{author.handle}" not in html
