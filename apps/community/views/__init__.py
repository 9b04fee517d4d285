"""The community pages.

`feed` lists posts (feed, tags, search, drafts, reading list); `posts` writes and shows a
post; `comments` the thread under it; `follows` follows and mutes; `reports` reports.
"""

from __future__ import annotations

from apps.community.views.comments import (
    comment_create,
    comment_delete,
    comment_edit,
    comment_react,
    comment_reply,
)
from apps.community.views.feed import drafts, feed, reading_list, search, tag_detail, tag_suggest
from apps.community.views.follows import member_follow, tag_follow
from apps.community.views.posts import (
    post_create,
    post_delete,
    post_detail,
    post_edit,
    post_history,
    post_lock,
    post_preview,
    post_react,
    post_save,
)
from apps.community.views.reports import report

__all__ = [
    "comment_create",
    "comment_delete",
    "comment_edit",
    "comment_react",
    "comment_reply",
    "drafts",
    "feed",
    "member_follow",
    "post_create",
    "post_delete",
    "post_detail",
    "post_edit",
    "post_history",
    "post_lock",
    "post_preview",
    "post_react",
    "post_save",
    "reading_list",
    "report",
    "search",
    "tag_detail",
    "tag_follow",
    "tag_suggest",
]
