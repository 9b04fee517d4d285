"""Template helpers available in every template (registered as builtins in settings)."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

from apps.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """{{ post.body|markdown }}: sanitised HTML from member-written Markdown."""
    return render_markdown(text)


# Input types a person types into: they take the shared `.input` look.
TEXT_ENTRY_TYPES = frozenset(
    {"text", "email", "url", "number", "password", "tel", "search", "date", "datetime-local", "time"}
)


@register.filter
def is_text_entry(field) -> bool:
    """A bound field whose widget is a text-like <input> or a <textarea> (the form field
    templates in templates/tailwind/ style these; checkboxes, files and widgets such as
    reCAPTCHA's render their own way)."""
    widget = field.field.widget
    if isinstance(widget, forms.Textarea):
        return True
    return isinstance(widget, forms.widgets.Input) and widget.input_type in TEXT_ENTRY_TYPES
