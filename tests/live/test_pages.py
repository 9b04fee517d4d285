"""Live updates without a stream: who may watch what, when events leave, and the polling
markup pages keep wherever no stream can be held (the test client is WSGI, like runserver)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.core.live import publish
from apps.core.live.channels import allowed_channels


def test_events_leave_only_after_the_write_commits(
    db, settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.LIVE_UPDATES, settings.LIVE_REDIS_URL = True, "redis://127.0.0.1:6379/15"
    sent = []
    monkeypatch.setattr("apps.core.live.broker.send_now", lambda *args: sent.append(args))
    with django_capture_on_commit_callbacks(execute=True):
        publish("post:1", "comment", "7")
        assert sent == []
    assert sent == [("post:1", "comment", "7")]


def test_nothing_is_sent_when_live_updates_are_off(db, settings, django_capture_on_commit_callbacks):
    settings.LIVE_UPDATES = False
    with django_capture_on_commit_callbacks() as callbacks:
        publish("post:1", "comment")
    assert callbacks == []


@pytest.mark.parametrize(
    ("channel", "event", "data"),
    [
        ("post 1", "comment", ""),
        ("post:1", "Comment!", ""),
        ("post:1", "comment", "two\nlines"),
        ("", "x", ""),
    ],
)
def test_malformed_channels_events_and_data_are_refused(channel, event, data):
    with pytest.raises(ValueError):
        publish(channel, event, data)


def test_a_member_may_watch_posts_they_can_read_and_boards_they_organise(db):
    from apps.community.models import Post
    from tests.accounts.factories import UserFactory
    from tests.community.factories import PostFactory
    from tests.hackathons.factories import HackathonFactory

    ada, bola = UserFactory(), UserFactory()
    public = PostFactory(author=ada)
    draft = PostFactory(author=ada, status=Post.Status.DRAFT, published_at=None)
    hackathon = HackathonFactory()
    asked = [f"post:{public.pk}", f"post:{draft.pk}", f"leaderboard:{hackathon.pk}", "checkin:1", "export:1"]
    asked += ["post:abc", "nosuchkind:1", "user:1", "post:1;DROP"]
    assert allowed_channels(ada, asked) == [f"post:{public.pk}", f"post:{draft.pk}"]
    assert allowed_channels(bola, asked) == [f"post:{public.pk}"]


def test_staff_channels_need_the_second_factor(db):
    from tests.accounts.factories import UserFactory
    from tests.exports.factories import ExportFactory

    staff = UserFactory(is_staff=True)
    export = f"export:{ExportFactory().pk}"  # an events export: verified staff only
    assert allowed_channels(staff, ["checkin:1", export]) == []
    staff.is_verified = lambda: True
    assert allowed_channels(staff, ["checkin:1", export, "export:999999"]) == ["checkin:1", export]


def test_pages_poll_where_no_stream_can_be_held(member_client, settings):
    """Under WSGI (runserver, the test client) no page connects, whatever LIVE_UPDATES says."""
    from tests.community.factories import PostFactory

    settings.LIVE_UPDATES, settings.LIVE_REDIS_URL = True, "redis://127.0.0.1:6379/15"
    html = member_client.get(PostFactory().get_absolute_url()).content.decode()
    assert "data-sse-connect" not in html and "sse.min.js" not in html
    assert 'data-hx-trigger="load, every 30s"' in html  # the bell, as before
    assert member_client.get(reverse("live:stream")).status_code == 204


def test_check_in_counter_counts_tickets_let_in_and_refreshes_on_its_own(staff_client):
    from apps.events.models import Status
    from tests.events.factories import EventFactory, RegistrationFactory

    event = EventFactory()
    RegistrationFactory(event=event, status=Status.CONFIRMED, ticket_code="AAAAAAAAA1")
    RegistrationFactory(event=event, status=Status.CONFIRMED, ticket_code="AAAAAAAAA2")
    RegistrationFactory(event=event, status=Status.CANCELLED, ticket_code="AAAAAAAAA3")
    url = reverse("events_staff:check-in", kwargs={"slug": event.slug})
    assert "0 of 2 confirmed tickets checked in" in staff_client.get(url).content.decode()

    staff_client.post(url, {"code": "AAAAAAAAA1"})
    counter = staff_client.get(f"{url}?part=counter", headers={"HX-Request": "true"}).content.decode()
    assert counter.lstrip().startswith('<p id="check-in-count"')
    assert "1 of 2 confirmed tickets checked in" in counter
    assert 'data-hx-trigger="every 15s"' in counter  # polled where there is no stream


@pytest.fixture
def live_on(settings):
    settings.LIVE_UPDATES, settings.LIVE_REDIS_URL = True, "redis://127.0.0.1:6379/15"
    from apps.core.live.asgi import SERVED_BY_ASGI

    return {SERVED_BY_ASGI: True}  # what the ASGI application marks its page requests with


def test_a_post_page_served_by_the_asgi_server_listens_instead_of_polling(member_client, live_on):
    from tests.community.factories import PostFactory

    post = PostFactory()
    html = member_client.get(post.get_absolute_url(), **live_on).content.decode()
    assert 'data-hx-ext="sse"' in html and "sse.min.js" in html and 'data-sse-close="close"' in html
    assert f"&amp;c=post:{post.pk}" in html
    assert 'data-hx-trigger="load, sse:notification"' in html and "every 30s" not in html
    assert 'data-hx-trigger="sse:comment"' in html


def test_staff_pages_served_by_the_asgi_server_listen_for_check_ins(staff_client, live_on):
    from tests.events.factories import EventFactory

    event = EventFactory()
    url = reverse("events_staff:check-in", kwargs={"slug": event.slug})
    html = staff_client.get(url, **live_on).content.decode()
    assert f"c=checkin:{event.pk}" in html
    assert 'data-hx-trigger="sse:checkin"' in html and "every 15s" not in html


def test_a_visitor_gets_no_stream_even_from_the_asgi_server(client, live_on, db):
    from tests.community.factories import PostFactory

    html = client.get(PostFactory().get_absolute_url(), **live_on).content.decode()
    assert "data-sse-connect" not in html and "sse.min.js" not in html
