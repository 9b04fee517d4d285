"""Two members in two Chromium pages against uvicorn: what one does appears for the other."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.fixtures.asgi_server import AsgiServer, asgi_env
from tests.fixtures.asgi_server import asgi_server as asgi_server  # the fixture
from tests.fixtures.browser import logged_in_context

pytestmark = pytest.mark.e2e

LIVE_WITHIN_MS = 2000


def _open(browser, server, user, path, *, live: bool = True):
    context = logged_in_context(browser, server, user)
    page = context.new_page()
    page.goto(server.url + path)
    if live:
        expect(page.locator("html")).to_have_attribute("data-live", "open")
    return page


def test_a_comment_appears_for_the_other_reader_and_rings_the_authors_bell(
    browser, asgi_server, transactional_db
):
    from tests.accounts.factories import UserFactory
    from tests.community.factories import PostFactory

    author, reader = UserFactory(handle="ada"), UserFactory(handle="bola")
    post = PostFactory(author=author, title="Generators")
    page_author = _open(browser, asgi_server, author, post.get_absolute_url())
    page_reader = _open(browser, asgi_server, reader, post.get_absolute_url())
    expect(page_author.locator("#bell-badge")).to_have_attribute("data-unread", "0")

    page_reader.get_by_label("Add to the discussion").fill("Lazy sequences are great")
    page_reader.get_by_role("button", name="Comment", exact=True).click()

    comment = page_author.locator("[data-comment]").filter(has_text="Lazy sequences are great")
    expect(comment).to_be_visible(timeout=LIVE_WITHIN_MS)
    expect(page_author.get_by_role("heading", name="Discussion (1)")).to_be_visible()
    expect(page_author.locator("#bell-badge")).to_have_attribute("data-unread", "1", timeout=5000)
    # The reader's own bell stays quiet: the notification was the author's.
    expect(page_reader.locator("#bell-badge")).to_have_attribute("data-unread", "0")


# While the server is down the browser's reconnect attempts fail (net::ERR_CONNECTION_REFUSED
# on the stream): expected here, and only on the stream.
@pytest.mark.console_errors_expected("/live/stream/")
def test_a_page_catches_up_after_the_server_restarts(browser, asgi_server, transactional_db):
    from apps.community.services import comment_create
    from tests.accounts.factories import UserFactory
    from tests.community.factories import PostFactory

    author, reader = UserFactory(handle="ada"), UserFactory(handle="bola")
    post = PostFactory(author=author, title="Generators")
    page = _open(browser, asgi_server, reader, post.get_absolute_url())

    asgi_server.stop()
    # Written while no server holds the stream: the event waits in the channel's buffer.
    comment_create(post=post, author=author, body="Written during the restart")
    asgi_server.start()

    comment = page.locator("[data-comment]").filter(has_text="Written during the restart")
    expect(comment).to_be_visible(timeout=10_000)


def test_without_redis_pages_poll_and_open_no_stream(browser, transactional_db, tmp_path):
    """`make run` without REDIS_URL: the bell polls every 30 s as before, silently."""
    from tests.accounts.factories import UserFactory

    env = asgi_env(REDIS_URL="", LIVE_UPDATES="false", CACHE_DIR=str(tmp_path / "cache"))
    server = AsgiServer(env)
    server.start()
    try:
        page = _open(browser, server, UserFactory(), "/notifications/", live=False)
        streams = []
        page.on("request", lambda request: streams.append(request.url) if "/live/" in request.url else None)
        expect(page.locator("#bell-badge")).to_have_attribute("data-hx-trigger", "every 30s")
        assert page.locator("[data-sse-connect]").count() == 0
        page.wait_for_timeout(500)
        assert streams == []
        assert page.locator("html").get_attribute("data-live") is None
    finally:
        server.stop()


def test_streams_that_end_reconnect_quietly_and_logging_out_closes_them(browser, transactional_db):
    """The server ends each stream after a second here (LIVE_STREAM_MAX_SECONDS): the page
    reconnects without a console error and still hears its events; logging out in another
    tab closes the stream for good, quietly too."""
    from apps.notifications.services import notify
    from tests.accounts.factories import UserFactory

    server = AsgiServer(asgi_env(LIVE_STREAM_MAX_SECONDS="1", LIVE_RETRY_MS="200"))
    server.start()
    try:
        ada, bola = UserFactory(handle="ada"), UserFactory(handle="bola")
        page = _open(browser, server, ada, "/notifications/")
        page.wait_for_timeout(3000)  # the stream has ended and reconnected a few times
        notify(recipient=ada, kind="follow", verb="followed you", actor=bola)
        expect(page.locator("#bell-badge")).to_have_attribute("data-unread", "1", timeout=LIVE_WITHIN_MS)
        expect(page.locator("[data-notification]")).to_contain_text("followed you", timeout=LIVE_WITHIN_MS)

        other_tab = page.context.new_page()
        other_tab.goto(server.url + "/accounts/logout/")
        other_tab.get_by_role("button", name="Log out").click()
        expect(other_tab.get_by_role("link", name="Log in")).to_be_visible()
        page.wait_for_timeout(1500)
        streams = []
        page.on("request", lambda request: streams.append(request.url) if "/live/" in request.url else None)
        page.wait_for_timeout(1500)
        assert streams == []  # closed, not reconnecting
    finally:
        server.stop()


def test_a_task_moved_by_one_member_moves_on_the_other_members_board(browser, asgi_server, transactional_db):
    from apps.projects.models import Project
    from tests.accounts.factories import UserFactory
    from tests.projects.factories import ProjectFactory, TaskFactory

    owner, mate = UserFactory(handle="owner_dev"), UserFactory(handle="mate_dev")
    project = ProjectFactory(
        creator=owner, visibility=Project.Visibility.PRIVATE, members={mate: "developer"}
    )
    task = TaskFactory(project=project, title="Wire the webhook")
    board = reverse("projects:board", args=[project.pk])
    page_owner = _open(browser, asgi_server, owner, board)
    page_mate = _open(browser, asgi_server, mate, board)
    expect(page_mate.locator("#column-todo")).to_contain_text("Wire the webhook")

    card = page_owner.locator(f"#task-{task.number}")
    card.get_by_label(f"Column for {task.key}").select_option("in_progress")
    card.get_by_role("button", name=f"Move {task.key}", exact=True).click()

    expect(page_mate.locator("#column-in_progress")).to_contain_text(
        "Wire the webhook", timeout=LIVE_WITHIN_MS
    )
    expect(page_mate.locator("#column-todo")).not_to_contain_text("Wire the webhook")


# A stream answered with something other than a stream makes the browser give up on it (and
# say so in the console): the page opens it again after a pause, and still hears its events.
@pytest.mark.console_errors_expected("/live/stream/", "EventSource")
def test_a_refused_stream_is_opened_again_after_a_pause(browser, asgi_server, transactional_db):
    from apps.notifications.services import notify
    from tests.accounts.factories import UserFactory

    ada, bola = UserFactory(handle="ada"), UserFactory(handle="bola")
    context = logged_in_context(browser, asgi_server, ada)
    page = context.new_page()
    refused = []

    def proxy_down_once(route):
        if not refused:
            refused.append(route.request.url)
            route.fulfill(status=502, body="Bad gateway")
        else:
            route.continue_()

    page.route("**/live/stream/**", proxy_down_once)
    page.goto(asgi_server.url + "/notifications/")
    expect(page.locator("html")).to_have_attribute("data-live", "open", timeout=5000)
    assert len(refused) == 1
    notify(recipient=ada, kind="follow", verb="followed you", actor=bola)
    expect(page.locator("#bell-badge")).to_have_attribute("data-unread", "1", timeout=LIVE_WITHIN_MS)


def test_the_check_in_counter_counts_a_ticket_let_in_at_another_door(browser, asgi_server, transactional_db):
    from django.conf import settings

    from apps.events.models import Status
    from apps.events.services import ticket_check_in
    from tests.accounts.factories import UserFactory
    from tests.events.factories import EventFactory, RegistrationFactory
    from tests.live.streams import verified_staff_cookie

    event = EventFactory()
    for code in ("DOOR000001", "DOOR000002"):
        RegistrationFactory(event=event, status=Status.CONFIRMED, ticket_code=code)
    staff, other_door = UserFactory(is_staff=True), UserFactory(is_staff=True)
    context = browser.new_context()
    cookie = verified_staff_cookie(staff)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": asgi_server.url}])
    page = context.new_page()
    page.goto(asgi_server.url + reverse("events_staff:check-in", kwargs={"slug": event.slug}))
    expect(page.locator("html")).to_have_attribute("data-live", "open")
    expect(page.locator("#check-in-count")).to_contain_text("0 of 2 confirmed tickets checked in")

    ticket_check_in(event=event, code="DOOR000002", by=other_door)
    expect(page.locator("#check-in-count")).to_contain_text("1 of 2", timeout=LIVE_WITHIN_MS)
