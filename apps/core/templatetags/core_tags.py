"""Template helpers available in every template (registered as builtins in settings)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from apps.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """{{ post.body|markdown }}: sanitised HTML from member-written Markdown."""
    return render_markdown(text)
