"""The community's models: posts and comments, what members do to them and to each other,
and moderation. Django finds a package's models through what this module imports: every
model is imported here."""

from __future__ import annotations

from apps.community.models.moderation import ModerationAction, PostingBan, Report

# Migration 0003 names the column type as apps.community.models.SearchVectorColumn.
from apps.community.models.posts import (
    Comment,
    Post,
    PostQuerySet,
    PostRevision,
    SearchVectorColumn,
    Tag,
    tag_validator,
)
from apps.community.models.relations import REACTION_EMOJI, Follow, Mute, Reaction, ReactionKind, SavedPost

__all__ = [
    "REACTION_EMOJI",
    "Comment",
    "Follow",
    "ModerationAction",
    "Mute",
    "Post",
    "PostQuerySet",
    "PostRevision",
    "PostingBan",
    "Reaction",
    "ReactionKind",
    "Report",
    "SavedPost",
    "SearchVectorColumn",
    "Tag",
    "tag_validator",
]
