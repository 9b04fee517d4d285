"""Template helpers available in every template (registered as builtins in settings)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit

from django import template
from django.conf import settings
from django.template.base import FilterExpression
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.timesince import TIME_STRINGS, timesince
from django.utils.translation import get_language

from apps.core.fragments import fragment_get, fragment_put
from apps.core.links import row_url
from apps.core.markdown import render_markdown, sanitized

register = template.Library()


@register.filter
def ago(value) -> str:
    """ "3 days ago", or "just now" inside the first minute (timesince alone says "0 minutes")."""
    if value is None:
        return ""
    now = timezone.now()
    if now - value < timedelta(minutes=1):
        return "just now"
    return f"{timesince(value, now=now, time_strings=_TIME_STRINGS_CACHED)} ago"


class _CachedTimeString:
    """One of timesince's units ("%(num)d days"), translated once per language and number:
    its lazy plural otherwise costs most of the ~40 µs each `ago` took (100 comments, 4 ms)."""

    def __init__(self, unit: str) -> None:
        self.unit = unit

    def __mod__(self, values: dict) -> str:
        return _time_string(get_language(), self.unit, values["num"])


@lru_cache(maxsize=2048)
def _time_string(language: str | None, unit: str, num: int) -> str:
    return TIME_STRINGS[unit] % {"num": num}


_TIME_STRINGS_CACHED = {unit: _CachedTimeString(unit) for unit in TIME_STRINGS}


@register.filter
def filters_active(query, ignore: str = "page cursor sort currency") -> bool:
    """Whether a list page's GET query narrows the list (paging, order and a salary's currency
    alone do not): its filter panel then starts open, even on a phone."""
    skipped = set(ignore.split())
    return any(value.strip() for key, values in query.lists() if key not in skipped for value in values)


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """{{ post.body|markdown }}: sanitised HTML from member-written Markdown."""
    return render_markdown(text)


@register.filter(name="member_html")
def member_html_filter(html: str) -> SafeString:
    """{{ post.body_html|member_html }}: member HTML stored when it was written, cleaned again
    by today's allowlist (never `|safe`)."""
    return sanitized(html)


@register.filter(name="member_url")
def member_url_filter(url: str) -> str:
    """href="{{ profile.website_url|member_url }}": a web address a member gave, or nothing.
    Forms only accept http(s), but rows also come from the admin, imports and old data, and a
    javascript: or data: link would run in our origin when clicked."""
    url = (url or "").strip()
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else ""


@register.filter(name="row_url")
def row_url_filter(value: object, viewname: str) -> str:
    """href="{{ post.author.handle|row_url:'profiles:detail' }}": what {% url %} gives for a
    pattern with one argument, without a reverse() per card in a list."""
    return row_url(viewname, value)


@register.filter
def machine_datetime(value: date | datetime | None) -> str:
    """A `<time datetime>` value: local time to the second with its offset (or a plain date).
    Django's "c" format keeps microseconds, which HTML does not allow (at most three fraction
    digits)."""
    if not value:
        return ""
    if not isinstance(value, datetime):
        return value.isoformat()
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class ErrorItem:
    """One line of a form's error summary: the message, and the id of the field it is about
    (empty for errors about the whole form)."""

    message: str
    field_id: str = ""
    label: str = ""
    # A form-level notice (e.g. "that was very quick, submit again"): shown, not counted as a
    # problem to fix. Forms name such error codes in NOTICE_CODES.
    notice: bool = False


def _form_error_items(form, field_id: str = "") -> list[ErrorItem]:
    notice_codes = set(getattr(form, "NOTICE_CODES", ()))
    whole = form.non_field_errors()
    items = [
        ErrorItem(str(message), notice=error.code in notice_codes)
        for message, error in zip(whole, whole.as_data(), strict=True)
    ]
    for field in form:
        for error in field.errors:
            # A hidden field has nowhere to jump to and a label nobody saw: its message alone.
            if field.is_hidden:
                items.append(ErrorItem(str(error)))
            else:
                target = field_id or field.id_for_label or ""
                items.append(ErrorItem(str(error), target, str(field.label or field.name)))
    return items


@register.simple_tag
def form_error_items(form=None, formsets=(), field_id: str = "") -> list[ErrorItem]:
    """What templates/components/_form_errors.html lists: the form's own errors, then each
    field's, then those of any formsets shown in the same <form> (their management errors and
    each row's). `field_id` is for a one-field form drawn by hand under an id of its own (a
    reply box per comment): its errors link there instead of to Django's id."""
    items = _form_error_items(form, field_id) if getattr(form, "errors", None) else []
    for formset in formsets or ():
        if not formset.total_error_count():
            continue
        items += [ErrorItem(str(error)) for error in formset.non_form_errors()]
        for row in formset:
            items += _form_error_items(row)
    return items


@register.filter
def problems_only(items: list[ErrorItem]) -> list[ErrorItem]:
    """The error summary's items that ask for a fix (notices are shown but not counted)."""
    return [item for item in items if not item.notice]


# --- Fragments drawn once per process ---------------------------------------------------------


class ProcessFragmentNode(template.Node):
    def __init__(
        self, nodelist: template.NodeList, name: str | None, key_parts: list[FilterExpression]
    ) -> None:
        self.nodelist = nodelist
        self.name = name
        self.key_parts = key_parts

    def render(self, context) -> SafeString:
        if settings.DEBUG:  # edited templates show at once in development
            return self.nodelist.render(context)
        parts = tuple(part.resolve(context) for part in self.key_parts)
        # A named fragment's key is (name, value) so that Python can look a card up
        # (apps.core.fragments.rows_for_cards); an unnamed one is keyed by this node.
        key = (self.name, *parts) if self.name else (id(self), *parts)
        html = fragment_get(key)
        if html is None:
            html = self.nodelist.render(context)
            fragment_put(key, html)
        return html


@register.tag
def process_fragment(parser, token) -> ProcessFragmentNode:
    """{% process_fragment section mobile %}…{% endprocess_fragment %}: drawn once per web
    process for each combination of the values named, then reused. Only for markup that
    depends on nothing but those values, the code and the URL configuration (the site's
    navigation, with its current section as a key; a list's card, with the row's id and
    every value that changes what it shows): never on the member, the request's other data,
    a CSRF token or a nonce. Other processes keep their own copies, so a key must change
    whenever the markup would: a version read from the row, not a signal.

    A first argument in quotes names the fragment: `{% process_fragment "hackathon-card"
    hackathon.card_key %}` is keyed ("hackathon-card", card_key), which a view can look up
    (apps.core.fragments.rows_for_cards). Each name belongs to one place in one template."""
    bits = token.split_contents()[1:]
    name = None
    if bits and bits[0][:1] in "\"'" and bits[0][:1] == bits[0][-1:]:
        name = bits.pop(0)[1:-1]
    key_parts = [parser.compile_filter(bit) for bit in bits]
    nodelist = parser.parse(("endprocess_fragment",))
    parser.delete_first_token()
    return ProcessFragmentNode(nodelist, name, key_parts)


@register.simple_tag(takes_context=True)
def live_stream_url(context) -> str:
    """{% live_stream_url as live_url %}: the start of this page's event-stream URL (the page
    appends its channels), or "" where the page polls instead: live updates off, not served
    over ASGI, or nobody signed in (apps.core.live)."""
    request = context.get("request")
    if request is None:
        return ""
    from apps.core.live.views import stream_url

    return stream_url(request)
