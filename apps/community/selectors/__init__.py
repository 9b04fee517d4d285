"""Reads for the community pages, and the access helpers every view uses.

`access` fetches what a view acts on and checks who may; `feed` reads the feed, tag pages and
lists; `post_page` reads a post's thread and the viewer's own state on it; `search_vectors`
builds the full-text vectors the migrations and services store.
"""

from __future__ import annotations

from apps.community.selectors.access import (
    comment_get_for_edit,
    comment_get_for_view,
    is_banned,
    member_get,
    post_get_for_edit,
    post_get_for_lock,
    post_get_for_view,
    tag_get,
)
from apps.community.selectors.feed import (
    FEED_TABS,
    TOP_PERIODS,
    FollowSuggestions,
    Viewer,
    drafts_for,
    explain,
    feed_page,
    feed_queryset,
    follow_suggestions,
    following_page,
    post_list_trending,
    posts_without_muted,
    reading_list_for,
    tag_page,
    tag_suggestions,
    viewer_for,
)
from apps.community.selectors.post_page import (
    COMMENTS_CACHE_SECONDS,
    MAX_DISPLAY_DEPTH,
    Mine,
    comment_thread,
    comments_changed,
    comments_version,
    member_relation,
    mine_for,
    my_reactions,
)
from apps.community.selectors.search_vectors import comment_search_vector, post_search_vector

__all__ = [
    "COMMENTS_CACHE_SECONDS",
    "FEED_TABS",
    "MAX_DISPLAY_DEPTH",
    "TOP_PERIODS",
    "FollowSuggestions",
    "Mine",
    "Viewer",
    "comment_get_for_edit",
    "comment_get_for_view",
    "comment_search_vector",
    "comment_thread",
    "comments_changed",
    "comments_version",
    "drafts_for",
    "explain",
    "feed_page",
    "feed_queryset",
    "follow_suggestions",
    "following_page",
    "is_banned",
    "member_get",
    "member_relation",
    "mine_for",
    "my_reactions",
    "post_get_for_edit",
    "post_get_for_lock",
    "post_get_for_view",
    "post_list_trending",
    "post_search_vector",
    "posts_without_muted",
    "reading_list_for",
    "tag_get",
    "tag_page",
    "tag_suggestions",
    "viewer_for",
]
