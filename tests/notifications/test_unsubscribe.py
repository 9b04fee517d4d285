"""Mail a member can turn off carries List-Unsubscribe (RFC 2369) with one-click POST
(RFC 8058), a Message-ID on the site's own domain, and counts in proper English."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.community.digest import digest_send_all
from apps.community.services import follow_set
from apps.notifications.models import Channel, DigestSubscription, NotificationPreference
from apps.notifications.selectors import preferences_for, weekly_digest_enabled
from apps.notifications.services import DIGEST, notify, preferences_set, unsubscribe_url
from tests.accounts.factories import UserFactory
from tests.community.factories import PostFactory, TagFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(settings):
    settings.SITE_URL = "https://diceytech.example"
    settings.MAILER_MESSAGE_ID_DOMAIN = "diceytech.example"
    member = UserFactory(handle="reader")
    python = TagFactory(name="python")
    follow_set(follower=member, tag=python, on=True)
    PostFactory(title="One of each", tags=[python], reaction_count=1, comment_count=1)
    PostFactory(title="Many of each", tags=[python], reaction_count=3, comment_count=2)
    preferences_set(user=member, channels={}, weekly_digest=True)
    return member


def _path(url: str) -> str:
    return url.removeprefix("https://diceytech.example")


def _send_digest(smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send_all() == 1
    [message] = smtp_server.messages
    return message


def test_delivered_digest_has_one_click_unsubscribe_headers_and_a_real_message_id(
    reader, smtp_server, django_capture_on_commit_callbacks
):
    message = _send_digest(smtp_server, django_capture_on_commit_callbacks)
    assert re.fullmatch(
        r"<https://diceytech\.example/notifications/unsubscribe/[^/\s>]+/>", message["List-Unsubscribe"]
    )
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"<[0-9a-f]{32}@diceytech\.example>", message["Message-ID"])
    url = message["List-Unsubscribe"].strip("<>")
    # The footer links the same one-click page, in both parts.
    assert url in message.get_body(("plain",)).get_content()
    assert url in message.get_body(("html",)).get_content()


def test_digest_counts_are_pluralised(reader, smtp_server, django_capture_on_commit_callbacks):
    message = _send_digest(smtp_server, django_capture_on_commit_callbacks)
    for part in (message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()):
        assert "1 reaction " in part or "1 reaction," in part
        assert "1 comment)" in part or "1 comment<" in part
        assert "3 reactions" in part and "2 comments" in part
        assert "1 reactions" not in part and "1 comments" not in part


def test_one_click_post_unsubscribes_without_login_or_csrf_token(
    reader, smtp_server, django_capture_on_commit_callbacks
):
    message = _send_digest(smtp_server, django_capture_on_commit_callbacks)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        _path(message["List-Unsubscribe"].strip("<>")),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not weekly_digest_enabled(user=reader)
    assert digest_send_all() == 0


def test_get_on_unsubscribe_link_shows_a_button_and_changes_nothing(client, reader):
    response = client.get(_path(unsubscribe_url(user=reader, topic=DIGEST)))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form method="post"' in html and ">Unsubscribe</button>" in html
    assert "the weekly digest" in html
    assert weekly_digest_enabled(user=reader)
    response = client.post(_path(unsubscribe_url(user=reader, topic=DIGEST)))
    assert "You are unsubscribed" in response.content.decode()
    assert DigestSubscription.objects.get(user=reader).weekly is False


def test_tampered_unsubscribe_link_is_refused(client, reader):
    url = _path(unsubscribe_url(user=reader, topic=DIGEST))
    response = client.post(url.replace("/unsubscribe/", "/unsubscribe/x"))
    assert response.status_code == 404
    assert "not valid" in response.content.decode()
    assert weekly_digest_enabled(user=reader)


def test_notification_email_has_unsubscribe_that_stops_only_that_kind_of_email(
    settings, smtp_server, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://diceytech.example"
    author, reader = UserFactory(), UserFactory()
    preferences_set(
        user=author, channels={"comment": Channel.EMAIL, "follow": Channel.EMAIL}, weekly_digest=False
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=author, actor=reader, kind="comment", verb="commented on your post", url="/feed/")
    [message] = smtp_server.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    Client().post(_path(message["List-Unsubscribe"].strip("<>")), {"List-Unsubscribe": "One-Click"})
    channels = preferences_for(user=author)
    # Still told in the app; no more email of that kind, other kinds untouched.
    assert channels["comment"] == Channel.IN_APP
    assert channels["follow"] == Channel.EMAIL
    assert NotificationPreference.objects.filter(user=author).count() == 2


def test_unsubscribe_route_is_under_notifications():
    assert reverse("notifications:unsubscribe", args=["abc"]) == "/notifications/unsubscribe/abc/"
