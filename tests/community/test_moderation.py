from __future__ import annotations

import pytest

from apps.community.models import ModerationAction, Post, PostingBan, Report
from apps.community.moderation import moderation_apply
from apps.community.services import report_create
from apps.notifications.models import Notification
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory

pytestmark = pytest.mark.django_db


def test_report_a_post(member_client):
    post = PostFactory()
    assert member_client.get(f"/posts/{post.pk}/report/").status_code == 200
    response = member_client.post(f"/posts/{post.pk}/report/", {"reason": "spam", "details": "buy now"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.post == post and report.reporter == member_client.user and report.reason == "spam"


def test_report_twice_keeps_one_open_report(member_client):
    comment = CommentFactory()
    for _ in range(2):
        member_client.post(f"/comments/{comment.pk}/report/", {"reason": "harassment"})
    assert Report.objects.count() == 1


def test_report_needs_a_valid_reason(member_client):
    post = PostFactory()
    response = member_client.post(f"/posts/{post.pk}/report/", {"reason": "because", "details": "keep me"})
    assert response.status_code == 200
    assert "keep me" in response.content.decode()
    assert not Report.objects.exists()


def test_moderation_queue_is_staff_only(member_client, anon):
    assert member_client.get("/staff/moderation/").status_code == 403
    assert anon.get("/staff/moderation/").status_code == 302


def test_staff_without_second_factor_is_sent_to_verify(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/staff/moderation/")
    assert response.status_code == 302 and "next=" in response["Location"]


def test_queue_lists_open_reports(staff_client):
    post = PostFactory(title="Spammy post")
    report_create(reporter=UserFactory(), post=post, reason="spam")
    body = staff_client.get("/staff/moderation/").content.decode()
    assert "Spammy" in body and "Spam or advertising" in body


def test_hidden_post_disappears_for_everyone_but_author_and_staff(staff_client, anon):
    author = UserFactory()
    post = PostFactory(author=author, title="Bad post")
    report = report_create(reporter=UserFactory(), post=post, reason="spam")
    response = staff_client.post(f"/staff/moderation/reports/{report.pk}/hide/", {"note": "no ads"})
    assert response.status_code == 302
    post.refresh_from_db()
    report.refresh_from_db()
    assert post.is_hidden and report.status == "resolved" and report.resolution == "hide"
    # Anonymous and other members: gone from the page and every list.
    assert anon.get(post.get_absolute_url()).status_code == 404
    assert "Bad post" not in anon.get("/feed/?tab=latest").content.decode()
    stranger = UserFactory()
    anon.force_login(stranger)
    assert anon.get(post.get_absolute_url()).status_code == 404
    # The author still sees it, marked.
    anon.force_login(author)
    page = anon.get(post.get_absolute_url()).content.decode()
    assert "Moderators hid this post" in page
    # Staff too.
    assert staff_client.get(post.get_absolute_url()).status_code == 200
    n = Notification.objects.get(recipient=author, kind="moderation")
    assert "no ads" in n.verb


def test_restore_brings_it_back(staff_client, anon):
    post = PostFactory(is_hidden=True)
    staff_client.post(f"/staff/moderation/posts/{post.pk}/restore/")
    assert anon.get(post.get_absolute_url()).status_code == 200


def test_hidden_comment_shows_only_to_author_and_staff(staff_client, anon):
    comment = CommentFactory(body="rude words")
    staff_client.post(f"/staff/moderation/comments/{comment.pk}/hide/")
    comment.refresh_from_db()
    assert comment.is_hidden
    assert "rude words" not in anon.get(comment.post.get_absolute_url()).content.decode()
    anon.force_login(comment.author)
    assert "rude words" in anon.get(comment.post.get_absolute_url()).content.decode()
    assert "rude words" in staff_client.get(comment.post.get_absolute_url()).content.decode()


def test_warn_notifies_the_author_and_keeps_the_post():
    staff, post = UserFactory(is_staff=True), PostFactory()
    report_create(reporter=UserFactory(), post=post, reason="other")
    moderation_apply(staff=staff, action="warn", post=post, note="be kind")
    post.refresh_from_db()
    assert not post.is_hidden
    assert Notification.objects.filter(recipient=post.author, kind="moderation").exists()
    assert not Report.objects.filter(status="open").exists()


def test_ban_stops_posting_and_commenting(staff_client, anon):
    post = PostFactory()
    report = report_create(reporter=UserFactory(), post=post, reason="spam")
    staff_client.post(f"/staff/moderation/reports/{report.pk}/ban/")
    assert PostingBan.objects.filter(member=post.author).exists()
    anon.force_login(post.author)
    response = anon.post("/posts/new/", {"body": "more spam", "action": "publish"})
    assert "banned from posting" in response.content.decode()
    assert Post.objects.count() == 1
    other = PostFactory()
    response = anon.post(f"/posts/{other.pk}/comments/", {"body": "spam"})
    assert response.status_code == 422
    assert not other.comments.exists()
    staff_client.post(f"/staff/moderation/bans/{post.author.pk}/lift/")
    assert not PostingBan.objects.exists()
    assert ModerationAction.objects.filter(action="unban").exists()


def test_moderation_actions_need_staff(member_client):
    post = PostFactory()
    report = report_create(reporter=UserFactory(), post=post, reason="spam")
    assert member_client.post(f"/staff/moderation/reports/{report.pk}/hide/").status_code == 403
    assert member_client.post(f"/staff/moderation/posts/{post.pk}/hide/").status_code == 403
    post.refresh_from_db()
    assert not post.is_hidden


def test_unknown_action_is_404(staff_client):
    post = PostFactory()
    report = report_create(reporter=UserFactory(), post=post, reason="spam")
    assert staff_client.post(f"/staff/moderation/reports/{report.pk}/delete-everything/").status_code == 404
