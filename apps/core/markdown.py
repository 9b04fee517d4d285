"""Markdown for everything members write: CommonMark, server-side code highlighting, and an
nh3 allowlist that nothing renders around. Images are served through our own image proxy
(apps.core.imageproxy), so a post cannot make its readers' browsers call another host.

Pages put rendered member HTML inside an element carrying `data-hx-disable`, so even markup that
slipped past the allowlist could not make htmx send requests."""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from apps.core.imageproxy import image_src

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "img", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "code": {"class"},
    "div": {"class"},
    "pre": {"class"},
    "span": {"class"},
    "th": {"align"},
    "td": {"align"},
}
# Only Pygments' token classes ("k", "nf", "s2"…), its wrapper and language markers survive:
# site classes could otherwise be used to overlay the page.
_SAFE_CLASS = re.compile(r"^(highlight|language-[\w+#-]{1,30}|[a-z]{1,3}[0-9]?)$")

_formatter = HtmlFormatter(nowrap=True)


def _highlight(code: str, lang: str, _attrs: str) -> str:
    try:
        lexer = get_lexer_by_name(lang.strip() or "text")
    except ClassNotFound:
        lexer = get_lexer_by_name("text")
    # markdown-it keeps output that starts with <pre> as it is, so the block is one
    # <pre class="highlight"><code>, not Pygments' <div><pre> nested inside markdown-it's own.
    return f'<pre class="highlight"><code>{highlight(code, lexer, _formatter)}</code></pre>\n'


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "highlight": _highlight}).enable(
        ["table", "strikethrough"]
    )


# htmx reads hx-* and data-hx-* attributes: never let one through, even if the allowlist above
# grows (an hx-post in a post would make every reader's browser send it, signed in).
_HTMX_ATTRIBUTE = re.compile(r"^(data-)?hx-", re.IGNORECASE)


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if _HTMX_ATTRIBUTE.match(attribute) or attribute.lower().startswith("on"):
        return None
    if tag == "img" and attribute == "src":
        return image_src(value)
    if attribute == "class":
        kept = [name for name in value.split() if _SAFE_CLASS.match(name)]
        return " ".join(kept) or None
    return value


def sanitize_html(html: str) -> str:
    """Strip everything outside the allowlist: scripts, event handlers, style, hx-* and
    data-* attributes, javascript: URLs. Links get rel="nofollow noopener"; images point at
    the image proxy."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener",
        strip_comments=True,
        # A code block wider than the screen scrolls sideways: keyboard users reach it by Tab.
        set_tag_attribute_values={"pre": {"tabindex": "0"}},
    )


# Member text is rendered (or stored HTML cleaned again) each time it is shown: a job's
# description, a profile's bio, a discussion of 100 comments would pay for it on every view.
# The result depends only on the input and today's parser and allowlist (fixed for the life of
# a process), so recent ones are remembered; long texts are not, which bounds the memory each
# memo takes to about MEMO_SIZE * 2 * MEMO_MAX_CHARS characters.
MEMO_SIZE = 512
MEMO_MAX_CHARS = 16_000


def _render(text: str) -> str:
    return sanitize_html(_parser().render(text))


_rendered_memo = lru_cache(maxsize=MEMO_SIZE)(_render)


def render_markdown(text: str) -> SafeString:
    """Render member-written Markdown to HTML that is safe to put in a page."""
    text = text or ""
    return mark_safe(_rendered_memo(text) if len(text) <= MEMO_MAX_CHARS else _render(text))


@lru_cache(maxsize=MEMO_SIZE)
def _sanitized_memo(html: str) -> str:
    return sanitize_html(html)


def sanitized(html: str) -> SafeString:
    """Member HTML rendered earlier and stored (posts', comments' body_html), cleaned again
    as it is shown: what the allowlist is today applies to old rows too."""
    html = html or ""
    return mark_safe(_sanitized_memo(html) if len(html) <= MEMO_MAX_CHARS else sanitize_html(html))


@receiver(setting_changed)
def _forget_rendered(**_kwargs) -> None:
    """Images are rewritten by settings (the media and static URLs, the proxy's key): a test
    that changes one must not be shown what was remembered before it."""
    _rendered_memo.cache_clear()
    _sanitized_memo.cache_clear()


def pygments_css() -> str:
    """Stylesheet for highlighted code: a light theme, and a dark one under
    prefers-color-scheme (used by `make css` through static/css/pygments.css)."""
    # friendly's module-name blue (#0E84B5) is under 4.5:1 on its light background.
    light = HtmlFormatter(style="friendly").get_style_defs(".highlight").replace("#0E84B5", "#0B6A92")
    dark = HtmlFormatter(style="monokai").get_style_defs(".highlight")
    return f"{light}\n@media (prefers-color-scheme: dark) {{\n{dark}\n}}\n"
