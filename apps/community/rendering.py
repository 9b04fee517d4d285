"""Member-written Markdown for posts and comments: the shared renderer and sanitiser
(apps.core.markdown), plus @handle mentions linked to profiles."""

from __future__ import annotations

import html
import re

from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.html import strip_tags

from apps.core.markdown import render_markdown, sanitize_html

MENTION = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_]{2,30})\b")
_TAG = re.compile(r"(<[^>]+>)")
# Text inside these elements is never turned into a mention link.
_NO_MENTION = {"a", "code", "pre"}


def _handles_in(text_segments: list[str]) -> set[str]:
    return {m.group(1).lower() for segment in text_segments for m in MENTION.finditer(segment)}


def _link_mentions(rendered: str) -> tuple[str, dict[str, str]]:
    """Wrap @handle in text (outside links and code) with a link to the member's profile.
    Returns the HTML and {lowercase handle: real handle} for members that exist."""
    parts = _TAG.split(rendered)
    depth = 0
    text_segments: list[tuple[int, str]] = []
    for index, part in enumerate(parts):
        if part.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            if name and name.group(1).lower() in _NO_MENTION:
                depth += -1 if part.startswith("</") else 1
        elif depth == 0 and "@" in part:
            text_segments.append((index, part))
    wanted = _handles_in([segment for _, segment in text_segments])
    if not wanted:
        return rendered, {}
    found = dict(
        get_user_model()
        .objects.annotate(handle_lower=Lower("handle"))
        .filter(handle_lower__in=wanted, is_active=True)
        .values_list("handle_lower", "handle")
    )
    if not found:
        return rendered, {}

    def replace(match: re.Match) -> str:
        handle = found.get(match.group(1).lower())
        if handle is None:
            return match.group(0)
        return f'<a href="{reverse("profiles:detail", args=[handle])}">@{handle}</a>'

    for index, segment in text_segments:
        parts[index] = MENTION.sub(replace, segment)
    return "".join(parts), found


def render_body(text: str) -> tuple[str, set[str]]:
    """Sanitised HTML for `text` and the handles of existing members it mentions."""
    rendered = str(render_markdown(text))
    linked, found = _link_mentions(rendered)
    # The mention links are ours, but they go through the same allowlist as everything else.
    return sanitize_html(linked), set(found.values())


def excerpt_from_html(body_html: str, *, length: int = 240) -> str:
    text = " ".join(html.unescape(strip_tags(body_html)).split())
    return text if len(text) <= length else text[: length - 1].rsplit(" ", 1)[0] + "…"
