from __future__ import annotations

import pytest

from apps.community.models import Post, PostRevision, Tag
from apps.community.services import PostData, comment_create, post_create, post_update
from tests.accounts.factories import UserFactory
from tests.community.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db


def test_new_post_page_needs_login(client):
    response = client.get("/posts/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_publish_a_post_with_code_and_tags(member_client):
    body = "Look:\n\n```python\nprint('hi')\n```"
    response = member_client.post(
        "/posts/new/", {"title": "", "body": body, "tags": "Python, #django web", "action": "publish"}
    )
    post = Post.objects.get()
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert post.is_published and post.published_at is not None
    assert post.title == ""
    assert sorted(post.tags.values_list("name", flat=True)) == ["django", "python", "web"]
    assert 'class="highlight"' in post.body_html
    assert post.excerpt.startswith("Look:")


def test_htmx_publish_redirects_the_client(member_client):
    response = member_client.post("/posts/new/", {"body": "hi", "action": "publish"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"] == Post.objects.get().get_absolute_url()


def test_save_draft_is_only_visible_to_the_author(member_client, client):
    member_client.post("/posts/new/", {"title": "Draft", "body": "wip", "action": "draft"})
    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT
    assert member_client.get(post.get_absolute_url()).status_code == 200
    assert "Draft" in member_client.get("/posts/drafts/").content.decode()
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(post.get_absolute_url()).status_code == 404
    assert "wip" not in client.get("/feed/?tab=latest").content.decode()


def test_publishing_a_draft_later(member_client):
    post = post_create(author=member_client.user, data=PostData(title="t", body="b", tags=[], publish=False))
    member_client.post(f"/posts/{post.pk}/edit/", {"title": "t", "body": "b", "action": "publish"})
    post.refresh_from_db()
    assert post.is_published
    assert post.edited_at is None  # publishing a draft is not an edit
    assert not post.revisions.exists()


def test_more_than_four_tags_is_an_error_and_keeps_what_was_typed(member_client):
    response = member_client.post(
        "/posts/new/", {"title": "Keep me", "body": "My body text", "tags": "a b c d e", "action": "publish"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Use at most 4 tags." in body
    assert "Keep me" in body and "My body text" in body and 'value="a b c d e"' in body
    assert not Post.objects.exists()


def test_empty_body_is_an_error(member_client):
    response = member_client.post("/posts/new/", {"title": "t", "body": "   ", "action": "publish"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not Post.objects.exists()


def test_oversized_body_is_rejected(member_client):
    response = member_client.post("/posts/new/", {"body": "x" * 40_001, "action": "publish"})
    assert response.status_code == 200
    assert not Post.objects.exists()


def test_bad_tag_characters_are_normalised():
    member = UserFactory()
    post = post_create(author=member, data=PostData(title="", body="b", tags=["C++", "<b>"], publish=True))
    assert sorted(post.tags.values_list("name", flat=True)) == ["b", "c"]


def test_preview_without_javascript_rerenders_the_form(member_client):
    response = member_client.post("/posts/new/", {"title": "t", "body": "**bold**", "action": "preview"})
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.content.decode()
    assert not Post.objects.exists()


def test_live_preview_is_debounced_htmx(member_client):
    body = member_client.get("/posts/new/").content.decode()
    assert 'data-hx-trigger="input changed delay:500ms from:#id_body"' in body
    assert 'data-hx-post="/posts/preview/"' in body


def test_edit_keeps_previous_version_and_shows_edited(member_client):
    post = PostFactory(author=member_client.user, title="Old", body="old body")
    response = member_client.post(
        f"/posts/{post.pk}/edit/", {"title": "New", "body": "new body", "action": "publish"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "New" and post.edited_at is not None
    revision = PostRevision.objects.get(post=post)
    assert revision.title == "Old" and revision.body == "old body"
    page = member_client.get(post.get_absolute_url()).content.decode()
    assert ">edited</a>" in page
    history = member_client.get(f"/posts/{post.pk}/history/").content.decode()
    assert "old body" in history


def test_edit_without_changes_makes_no_revision(member_client):
    post = PostFactory(author=member_client.user)
    member_client.post(
        f"/posts/{post.pk}/edit/", {"title": post.title, "body": post.body, "action": "publish"}
    )
    assert not PostRevision.objects.exists()


def test_editing_someone_elses_post_is_forbidden(member_client):
    post = PostFactory()
    assert member_client.get(f"/posts/{post.pk}/edit/").status_code == 403
    response = member_client.post(
        f"/posts/{post.pk}/edit/", {"title": "pwned", "body": "x", "action": "publish"}
    )
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.title != "pwned"


def test_deleting_someone_elses_post_is_forbidden(member_client):
    post = PostFactory()
    assert member_client.post(f"/posts/{post.pk}/delete/").status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


def test_delete_own_post(member_client):
    post = PostFactory(author=member_client.user)
    response = member_client.post(f"/posts/{post.pk}/delete/")
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()


def test_deleting_a_post_or_comment_asks_first_even_without_javascript(member_client):
    """hx-confirm asks only when JavaScript runs; without it one tap deleted a post and its
    whole discussion. The buttons sit behind disclosures that state what goes."""
    post = PostFactory(author=member_client.user)
    comment_create(post=post, author=member_client.user, body="my own words")
    body = member_client.get(post.get_absolute_url()).content.decode()

    assert "data-hx-confirm" not in body
    for marker, button in (
        ("data-delete-post", "Yes, delete</button>"),
        ("data-delete-comment", "Yes, delete</button>"),
    ):
        start = body.index(marker)
        disclosure = body[start : body.index("</details>", start)]
        assert "<summary" in disclosure and disclosure.index("<summary") < disclosure.index(button)
    assert "Delete this post and its comments? This cannot be undone." in body


def test_missing_post_is_404(client):
    assert client.get("/posts/999999/").status_code == 404


def test_post_page_has_share_meta(client):
    post = PostFactory(title="Sharing is caring", tags=[TagFactory(name="python")])
    body = client.get(post.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Sharing is caring">' in body
    assert '<meta property="article:tag" content="python">' in body
    assert "twitter.com/intent/tweet" in body


def test_save_to_reading_list(member_client):
    post = PostFactory()
    response = member_client.post(f"/posts/{post.pk}/save/", {"on": "1"}, HTTP_HX_REQUEST="true")
    assert "Saved to reading list" in response.content.decode()
    member_client.post(f"/posts/{post.pk}/save/", {"on": "1"})  # idempotent
    assert post.saves.count() == 1
    assert post.display_title in member_client.get("/posts/saved/").content.decode()
    member_client.post(f"/posts/{post.pk}/save/", {"on": "0"})
    assert post.saves.count() == 0


def test_tag_suggestions(member_client):
    TagFactory(name="python")
    TagFactory(name="pytest")
    TagFactory(name="rust")
    response = member_client.get("/tags/suggest/", {"tags": "django, py"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'data-tag-suggestion="python"' in body and 'data-tag-suggestion="pytest"' in body
    assert "rust" not in body


def test_post_mention_notifies_once_and_links_to_profile():
    from apps.notifications.models import Notification

    author = UserFactory(handle="writer")
    ada = UserFactory(handle="Ada")
    post = post_create(
        author=author, data=PostData(title="", body="hi @ada and @nobody", tags=[], publish=True)
    )
    assert '<a href="/u/Ada/" rel="nofollow noopener">@Ada</a>' in post.body_html
    assert "@nobody" in post.body_html
    assert Notification.objects.filter(recipient=ada, kind="mention").count() == 1
    post_update(post=post, data=PostData(title="", body="hi @ada again", tags=[], publish=True))
    assert Notification.objects.filter(recipient=ada, kind="mention").count() == 1


def test_mentions_inside_code_are_not_links():
    UserFactory(handle="ada")
    html = PostFactory.build(body="`@ada`\n\n```\n@ada\n```").body_html
    assert "/u/ada/" not in html


def test_post_rate_limit(member_client, settings):
    settings.COMMUNITY_POST_RATE = "2/h"
    for i in range(2):
        assert member_client.post("/posts/new/", {"body": f"p{i}", "action": "publish"}).status_code == 302
    response = member_client.post("/posts/new/", {"body": "p3", "action": "publish"})
    assert response.status_code == 429
    assert Post.objects.count() == 2


def test_tags_are_unique_and_lowercase():
    post_create(author=UserFactory(), data=PostData(title="", body="b", tags=["Python"], publish=True))
    post_create(author=UserFactory(), data=PostData(title="", body="b", tags=["python"], publish=True))
    assert Tag.objects.filter(name="python").count() == 1


def test_untitled_post_title_is_cut_at_a_word_with_an_ellipsis():
    words = "Deploying Django on a tiny VPS taught me more about Postgres tuning than any course did so far honestly"
    post = Post(title="", excerpt=words)
    assert post.display_title.endswith("…")
    assert len(post.display_title) <= 80
    assert words.startswith(post.display_title[:-1])
    assert words[len(post.display_title) - 1] == " "  # the cut falls between words
    assert Post(title="", excerpt="Short and sweet").display_title == "Short and sweet"
