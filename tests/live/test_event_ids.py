"""Live event ids order events across channels: a stream that watches several channels sends
an event only when its id comes after the last one it sent."""

from __future__ import annotations

import pytest

from apps.core.live.broker import id_order, send_now
from tests.live.streams import Stream, session_cookie


def test_events_on_different_channels_get_unique_increasing_ids_even_in_one_millisecond(settings):
    settings.LIVE_UPDATES = True
    ids = []
    for n in range(50):  # far more than fit in a millisecond
        ids.append(send_now("post:1", "comment", str(n)))
        ids.append(send_now("user:1", "notification"))

    assert None not in ids
    assert len(set(ids)) == len(ids)
    assert [id_order(i) for i in ids] == sorted(id_order(i) for i in ids)


@pytest.mark.slow
def test_a_comment_and_the_authors_notification_written_together_both_reach_the_author(
    asgi_server, transactional_db
):
    """The comment's post channel and the author's own channel get an event in the same
    commit; the second used to be dropped as "already sent" when both got the same id."""
    from apps.community.services import comment_create
    from tests.accounts.factories import UserFactory
    from tests.community.factories import PostFactory

    author, reader = UserFactory(handle="ada"), UserFactory(handle="bola")
    post = PostFactory(author=author)
    stream = Stream(asgi_server, session_cookie(author), channels=f"post:{post.pk}")
    stream.read_events(0.5)

    for n in range(5):
        comment_create(post=post, author=reader, body=f"Comment {n}")

    events = stream.read_events(5)
    names = [e["event"] for e in events]
    assert names.count("comment") == 5 and names.count("notification") == 5, names
