from __future__ import annotations

import pytest

from apps.mailer.models import OutboxEmail
from apps.notifications.models import Channel, Notification
from apps.notifications.services import KINDS, notification_mark_all_read, notify, preferences_set
from tests.accounts.factories import UserFactory
from tests.community.factories import PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author():
    return UserFactory(handle="author")


@pytest.fixture
def post(author):
    return PostFactory(author=author)


def test_notify_writes_an_unread_notification(author, post):
    actor = UserFactory(handle="ada")
    n = notify(
        recipient=author, kind="comment", verb="commented on your post", actor=actor, target=post, url="/x/"
    )
    assert isinstance(n, Notification)
    assert n.read_at is None
    assert n.target == post
    assert n.summary == "@ada commented on your post"


def test_notify_never_tells_members_about_their_own_actions(author, post):
    assert (
        notify(recipient=author, kind="reaction", verb="reacted to your post", actor=author, target=post)
        is None
    )
    assert Notification.objects.count() == 0


def test_notify_rejects_unknown_kinds(author):
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(recipient=author, kind="nonsense", verb="did a thing")


def test_reactions_on_one_target_group_into_one_unread_row(author, post):
    actors = [UserFactory(handle=f"fan{i}") for i in range(5)]
    for actor in actors:
        notify(recipient=author, kind="reaction", verb="reacted to your post", actor=actor, target=post)
    rows = list(Notification.objects.filter(recipient=author))
    assert len(rows) == 1
    assert rows[0].count == 5
    assert rows[0].summary == "@fan4 and 4 others reacted to your post"


def test_same_actor_twice_is_not_counted_as_two_people(author, post):
    actor = UserFactory(handle="fan")
    notify(recipient=author, kind="reaction", verb="reacted to your post", actor=actor, target=post)
    notify(recipient=author, kind="reaction", verb="reacted to your post", actor=actor, target=post)
    assert Notification.objects.get().count == 1


def test_grouping_starts_a_new_row_once_the_old_one_is_read(author, post):
    notify(recipient=author, kind="reaction", verb="reacted to your post", actor=UserFactory(), target=post)
    notification_mark_all_read(user=author)
    notify(recipient=author, kind="reaction", verb="reacted to your post", actor=UserFactory(), target=post)
    assert Notification.objects.filter(recipient=author).count() == 2
    assert Notification.objects.filter(recipient=author, read_at__isnull=True).get().count == 1


def test_different_targets_are_not_grouped(author):
    first, second = PostFactory(author=author), PostFactory(author=author)
    actor = UserFactory()
    notify(recipient=author, kind="reaction", verb="reacted to your post", actor=actor, target=first)
    notify(recipient=author, kind="reaction", verb="reacted to your post", actor=actor, target=second)
    assert Notification.objects.filter(recipient=author).count() == 2


def test_mentions_are_never_grouped(author, post):
    for _ in range(2):
        notify(recipient=author, kind="mention", verb="mentioned you", actor=UserFactory(), target=post)
    assert Notification.objects.filter(recipient=author).count() == 2


def test_preference_off_writes_nothing(author, post):
    preferences_set(user=author, channels={"reaction": Channel.OFF}, weekly_digest=False)
    assert notify(recipient=author, kind="reaction", verb="reacted", actor=UserFactory(), target=post) is None
    assert Notification.objects.count() == 0
    assert OutboxEmail.objects.count() == 0


def test_preference_email_goes_through_the_outbox(
    author, post, django_capture_on_commit_callbacks, mailoutbox
):
    preferences_set(user=author, channels={"comment": Channel.EMAIL}, weekly_digest=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipient=author,
            kind="comment",
            verb="commented on your post",
            actor=UserFactory(handle="ada"),
            target=post,
            url="/posts/1/",
        )
    email = OutboxEmail.objects.get()
    assert author.email in email.recipients
    assert "@ada commented on your post" in email.subject
    assert "http" in email.text_body and "/posts/1/" in email.text_body
    assert Notification.objects.filter(recipient=author).count() == 1
    assert len(mailoutbox) == 1


def test_in_app_preference_sends_no_email(author, post):
    notify(recipient=author, kind="comment", verb="commented", actor=UserFactory(), target=post)
    assert OutboxEmail.objects.count() == 0


def test_preferences_reject_unknown_kinds_and_channels(author):
    with pytest.raises(ValueError):
        preferences_set(user=author, channels={"bogus": Channel.EMAIL}, weekly_digest=False)
    with pytest.raises(ValueError):
        preferences_set(user=author, channels={"comment": "carrier-pigeon"}, weekly_digest=False)


def test_every_kind_is_accepted(author):
    for kind in KINDS:
        assert notify(recipient=author, kind=kind, verb="something happened") is not None


@pytest.mark.parametrize("url", ["javascript:alert(1)", "//evil.example/x", " data:text/html,x"])
def test_unsafe_urls_are_dropped(author, url):
    n = notify(recipient=author, kind="mention", verb="mentioned you", actor=UserFactory(), url=url)
    assert n.url == ""


def test_site_paths_are_kept(author):
    n = notify(recipient=author, kind="mention", verb="mentioned you", actor=UserFactory(), url="/posts/1/#c")
    assert n.url == "/posts/1/#c"
