from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.community.models import Post
from apps.community.selectors import feed_page
from apps.community.services import follow_set, mute_set
from tests.accounts.factories import UserFactory
from tests.community.factories import CommentFactory, PostFactory, TagFactory

pytestmark = pytest.mark.django_db

TABS = ["following", "latest", "top"]


def _cards(response) -> str:
    return response.content.decode()


def test_anonymous_feed_defaults_to_latest(client):
    PostFactory(title="Hello world")
    response = client.get("/feed/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hello world" in body
    assert 'aria-current="page">Latest' in body
    assert ">Following</a>" not in body


def test_following_shows_followed_people_and_tags_with_the_reason(member_client):
    ada = UserFactory(handle="ada")
    python = TagFactory(name="python")
    PostFactory(author=ada, title="By Ada")
    PostFactory(title="Python tips", tags=[python])
    PostFactory(title="Unrelated")
    follow_set(follower=member_client.user, user=ada, on=True)
    follow_set(follower=member_client.user, tag=python, on=True)
    body = _cards(member_client.get("/feed/?tab=following"))
    assert "By Ada" in body and "Python tips" in body and "Unrelated" not in body
    assert "Because you follow @ada" in body
    assert "Because you follow #python" in body


def test_latest_and_top_still_explain_follows(member_client):
    python = TagFactory(name="python")
    PostFactory(title="Python tips", tags=[python])
    PostFactory(title="Other")
    follow_set(follower=member_client.user, tag=python, on=True)
    latest = _cards(member_client.get("/feed/?tab=latest"))
    assert "Because you follow #python" in latest and "New in the community" in latest
    top = _cards(member_client.get("/feed/?tab=top&period=week"))
    assert "Top this week" in top


def test_following_tab_with_no_follows_says_so(member_client):
    body = _cards(member_client.get("/feed/?tab=following"))
    assert "You don't follow anyone or any tag yet" in body


def test_new_member_feed_starts_on_latest_until_they_follow_someone(member_client):
    PostFactory(title="Fresh from the community")
    body = _cards(member_client.get("/feed/"))
    assert 'aria-current="page">Latest' in body
    assert "Fresh from the community" in body
    follow_set(follower=member_client.user, tag=TagFactory(name="python"), on=True)
    assert 'aria-current="page">Following' in _cards(member_client.get("/feed/"))


def test_new_member_is_offered_people_and_tags_matching_their_skills(member_client):
    from apps.profiles.services import skill_get_or_create
    from tests.profiles.factories import ProfileFactory

    django = skill_get_or_create(name="Django")
    ProfileFactory(user=member_client.user).skills.add(django)
    peer, busy = UserFactory(handle="peer"), UserFactory(handle="busy")
    ProfileFactory(user=peer).skills.add(django)
    PostFactory(author=peer, tags=[TagFactory(name="django")])
    for _ in range(3):
        PostFactory(author=busy, tags=[TagFactory()])
    body = _cards(member_client.get("/feed/"))
    box = body[body.index("data-follow-suggestions") :]
    assert box.index("@peer") < box.index("@busy")  # a shared skill outranks activity
    assert box[box.index("Follow #") :].startswith("Follow #django")  # the skill's tag first
    assert "Follow #django" in box and "Follow @peer" in box
    follow_set(follower=member_client.user, user=peer, on=True)
    assert "data-follow-suggestions" not in _cards(member_client.get("/feed/"))


@pytest.mark.parametrize("tab", TABS)
def test_muted_member_never_shows(member_client, tab):
    noisy = UserFactory(handle="noisy")
    python = TagFactory(name="python")
    PostFactory(author=noisy, title="Noise post", tags=[python])
    PostFactory(title="Signal post", tags=[python])
    follow_set(follower=member_client.user, tag=python, on=True)
    follow_set(follower=member_client.user, user=noisy, on=True)
    mute_set(member=member_client.user, user=noisy, on=True)  # also unfollows
    body = _cards(member_client.get(f"/feed/?tab={tab}&period=week"))
    assert "Signal post" in body
    assert "Noise post" not in body


@pytest.mark.parametrize("tab", TABS)
def test_muted_tag_never_shows_even_from_followed_people(member_client, tab):
    ada = UserFactory(handle="ada")
    crypto = TagFactory(name="crypto")
    PostFactory(author=ada, title="Crypto post", tags=[crypto, TagFactory(name="python")])
    PostFactory(author=ada, title="Clean post")
    follow_set(follower=member_client.user, user=ada, on=True)
    mute_set(member=member_client.user, tag=crypto, on=True)
    body = _cards(member_client.get(f"/feed/?tab={tab}&period=week"))
    assert "Clean post" in body
    assert "Crypto post" not in body


def test_muted_tag_hides_posts_on_tag_pages_of_other_tags(member_client):
    python, crypto = TagFactory(name="python"), TagFactory(name="crypto")
    PostFactory(title="Mixed", tags=[python, crypto])
    mute_set(member=member_client.user, tag=crypto, on=True)
    assert "Mixed" not in _cards(member_client.get("/tags/python/"))


def test_hidden_and_draft_posts_never_show(member_client):
    PostFactory(title="Hidden one", is_hidden=True)
    PostFactory(title="Draft one", status="draft", published_at=None)
    for tab in TABS:
        body = _cards(member_client.get(f"/feed/?tab={tab}"))
        assert "Hidden one" not in body and "Draft one" not in body


def test_top_orders_by_reactions_within_the_period(client):
    now = timezone.now()
    PostFactory(title="Old but loved", reaction_count=99, published_at=now - timedelta(days=20))
    PostFactory(title="Fresh favourite", reaction_count=10)
    PostFactory(title="Fresh meh", reaction_count=1)
    week = _cards(client.get("/feed/?tab=top&period=week"))
    assert "Old but loved" not in week
    assert week.index("Fresh favourite") < week.index("Fresh meh")
    month = _cards(client.get("/feed/?tab=top&period=month"))
    assert month.index("Old but loved") < month.index("Fresh favourite")


def _next_url(body: str) -> str:
    match = re.search(r'rel="next" href="([^"]+)"', body)
    assert match, "no next-page link"
    return html.unescape(match.group(1))


def test_infinite_scroll_with_next_page_link(client):
    for i in range(25):
        PostFactory(title=f"Post {i:02d}")
    body = _cards(client.get("/feed/?tab=latest"))
    assert 'data-hx-trigger="revealed"' in body and "Next page" in body
    next_url = _next_url(body)
    assert next_url.startswith("?tab=latest&cursor=") and "page=" not in next_url
    # The same link serves htmx (a partial) and a browser without JavaScript (the whole page).
    partial = client.get(f"/feed/{next_url}", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="feed-next")
    text = partial.content.decode()
    assert "<html" not in text and "Post 04" in text and "Post 05" not in text and "Post 24" not in text
    assert 'data-hx-trigger="revealed"' not in text  # last page
    whole = client.get(f"/feed/{next_url}").content.decode()
    assert "<html" in whole and "Post 04" in whole and "Post 05" not in whole


@pytest.mark.parametrize("tab", TABS)
def test_pages_by_cursor_neither_skip_nor_repeat_when_posts_arrive(member_client, tab):
    author = UserFactory()
    follow_set(follower=member_client.user, user=author, on=True)
    start = timezone.now() - timedelta(hours=1)
    for i in range(45):
        # Equal timestamps in pairs: the id breaks the tie.
        PostFactory(author=author, title=f"Post {i:02d}", published_at=start - timedelta(minutes=i // 2))
    seen: list[str] = []
    url = f"/feed/?tab={tab}"
    first = True
    while url:
        body = _cards(member_client.get(url))
        seen += re.findall(r"Post \d\d", body)
        if first:
            PostFactory(author=author, title="Newcomer")  # lands on top, not in page 2
            first = False
        url = f"/feed/{_next_url(body)}" if 'rel="next"' in body else ""
    assert sorted(seen) == [f"Post {i:02d}" for i in range(45)]


def test_a_tampered_or_stale_cursor_reads_from_the_top(client):
    PostFactory(title="Only post")
    for cursor in ["garbage", "WyIyMDI2Il0:forged", "", "x" * 300]:
        response = client.get("/feed/", {"tab": "latest", "cursor": cursor})
        assert response.status_code == 200 and "Only post" in response.content.decode()


def test_next_feed_page_reads_from_the_cursor_without_offset_or_count(client):
    for i in range(25):
        PostFactory(title=f"Post {i:02d}")
    first, _ = feed_page(user=AnonymousUser(), tab="latest", period="week", cursor=None)
    with CaptureQueriesContext(connection) as ctx:
        body = client.get("/feed/", {"tab": "latest", "cursor": first.next_cursor}).content.decode()
    assert body.count("data-post-card") == 5
    sql = " ".join(q["sql"] for q in ctx.captured_queries if "community_post" in q["sql"]).upper()
    assert "OFFSET" not in sql and "COUNT(" not in sql


def test_tab_switch_partial_returns_the_feed_region(client):
    body = client.get("/feed/?tab=top", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="feed-region").content.decode()
    assert body.lstrip().startswith('<div id="feed-region"')


def test_bad_page_and_tab_values_fall_back(client):
    PostFactory(title="Only post")
    assert "Only post" in _cards(client.get("/feed/?tab=bogus&page=abc&cursor=abc&period=decade"))


@pytest.mark.parametrize("tab", TABS)
def test_feed_query_count_is_pinned_at_1_and_50_posts(member_client, assert_page_queries, tab):
    python = TagFactory(name="python")
    follow_set(follower=member_client.user, tag=python, on=True)
    mute_set(member=member_client.user, tag=TagFactory(name="muted"), on=True)

    def add_posts(n: int) -> None:
        for _ in range(n):
            post = PostFactory(tags=[python, TagFactory()], reaction_count=3, like_count=3)
            CommentFactory(post=post)

    page = assert_page_queries(member_client, f"/feed/?tab={tab}&period=week", add_rows=add_posts)
    assert page.count <= 8
    body = page.response.content.decode()
    assert body.count("data-post-card") == 20
    assert body.count("#python") >= 20  # tags on every card
    assert "💬</span> 0" in body or "💬</span> 1" in body


def test_following_next_page_partial_is_pinned_within_the_partial_budget(member_client, assert_page_queries):
    author = UserFactory()
    python = TagFactory(name="python")
    follow_set(follower=member_client.user, user=author, on=True)
    follow_set(follower=member_client.user, tag=python, on=True)
    mute_set(member=member_client.user, tag=TagFactory(name="muted"), on=True)
    start = timezone.now() - timedelta(days=1)

    def add_posts(n: int) -> None:
        offset = Post.objects.count()
        for i in range(n):
            PostFactory(author=author, tags=[python], published_at=start - timedelta(minutes=offset + i))

    add_posts(20)  # page 1

    def url():  # page 2, from page 1's link
        return "/feed/" + _next_url(_cards(member_client.get("/feed/?tab=following")))

    headers = {"HX-Request": "true", "HX-Target": "feed-next"}
    # follows + mutes (one UNION), posts by followed members, posts with followed tags, tags
    page = assert_page_queries(member_client, url, add_rows=add_posts, headers=headers, expected=4)
    assert page.first.content.decode().count("data-post-card") == 1  # page 2 held one post
    body = page.response.content.decode()
    assert "<html" not in body and body.count("data-post-card") == 20


def test_anonymous_feed_query_count_is_small(client, assert_page_queries):
    def add_posts(n):
        return [PostFactory(tags=[TagFactory()]) for _ in range(n)]

    assert assert_page_queries(client, "/feed/?tab=latest", add_rows=add_posts).count <= 3


def test_follow_and_mute_views(member_client):
    ada = UserFactory(handle="ada")
    response = member_client.post("/members/ada/follow/", {"on": "1"}, HTTP_HX_REQUEST="true")
    assert "Following @ada" in response.content.decode()
    assert ada.followers.filter(follower=member_client.user).exists()
    member_client.post("/members/ada/follow/", {"on": "1"})  # idempotent
    assert ada.followers.count() == 1
    response = member_client.post("/members/ada/mute/", {"on": "1", "next": "/feed/"})
    assert response.status_code == 302 and response["Location"] == "/feed/"
    assert not ada.followers.exists()
    response = member_client.post("/members/ada/mute/", {"on": "0", "next": "https://evil.example/"})
    assert response["Location"] == "/u/ada/"


def test_cannot_follow_yourself(member_client):
    handle = member_client.user.handle
    member_client.post(f"/members/{handle}/follow/", {"on": "1"})
    assert not member_client.user.follows.exists()


def test_follow_tag_from_its_page(member_client):
    TagFactory(name="rust")
    body = member_client.get("/tags/rust/").content.decode()
    assert "Follow #rust" in body
    member_client.post("/tags/rust/follow/", {"on": "1"})
    assert "Following #rust" in member_client.get("/tags/rust/").content.decode()


def test_unknown_tag_is_404(client):
    assert client.get("/tags/nope/").status_code == 404


def test_new_follower_is_notified():
    from apps.notifications.models import Notification

    follower, followed = UserFactory(handle="fan"), UserFactory()
    follow_set(follower=follower, user=followed, on=True)
    assert Notification.objects.get(recipient=followed).summary == "@fan followed you"


def test_trending_selector_for_the_home_page():
    from apps.community.selectors import post_list_trending

    PostFactory(title="Hot", reaction_count=50)
    PostFactory(title="Cold", reaction_count=0)
    PostFactory(title="Old", reaction_count=90, published_at=timezone.now() - timedelta(days=30))
    titles = [p.title for p in post_list_trending(limit=3)]
    assert titles[:2] == ["Hot", "Cold"] and titles[2] == "Old"


def test_post_page_query_count_is_pinned_at_1_and_50_comments(member_client, assert_page_queries):
    from apps.community.services import comment_create, reaction_set

    post = PostFactory(tags=[TagFactory()])
    others = [UserFactory() for _ in range(3)]

    def add_comments(n: int) -> None:
        parent = post.comments.order_by("-pk").first()
        for i in range(post.comments.count(), post.comments.count() + n):
            parent = comment_create(
                post=post,
                author=others[i % 3],
                body=f"comment {i} @{others[0].handle}",
                parent=parent if i % 2 else None,
            )
            reaction_set(member=member_client.user, kind="like", on=True, comment=parent)

    # post, tags, my reactions, saved/follows/mutes/banned flags (one query), comments
    page = assert_page_queries(member_client, post.get_absolute_url(), add_rows=add_comments, expected=5)
    assert page.response.content.decode().count("data-comment data-depth") == 50


def test_tag_page_query_count_is_pinned(member_client, assert_page_queries):
    python = TagFactory(name="python")

    def add_posts(n):
        return [PostFactory(tags=[python, TagFactory()]) for _ in range(n)]

    assert assert_page_queries(member_client, "/tags/python/", add_rows=add_posts).count <= 8
