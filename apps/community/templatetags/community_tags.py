"""Template tags of the community pages."""

from __future__ import annotations

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

_PRESSED = "bg-indigo-100 dark:bg-indigo-900"
_UNPRESSED = "hover:bg-slate-100 dark:hover:bg-slate-800"


@register.simple_tag(takes_context=True)
def comment_reactions(context, comment) -> SafeString:
    """A comment's reaction buttons: one form whose buttons each post their reaction with the
    wanted state ("like=1"), or plain counts for a visitor. Written here rather than by a
    template loop: a 100-comment thread drew 300 buttons through ~3,000 template nodes, a
    third of the page's rendering (`comment.buttons` and `comment.links` are set by the
    view, see views.posts.reaction_buttons)."""
    # Kinds, labels, emoji and states are the site's own constants (ReactionKind), counts and
    # ids numbers; the URL and the token are escaped.
    pk = int(comment.pk)
    if not context.get("viewer_id"):
        spans = "".join(
            f'<span class="px-2" data-reaction="{r["kind"]}"><span aria-hidden="true">{r["emoji"]}</span>'
            f" <span data-count>{int(r['count'])}</span></span>"
            for r in comment.buttons
        )
        return mark_safe(f'<div id="comment-reactions-{pk}" class="flex gap-1">{spans}</div>')
    url = conditional_escape(comment.links["react"])
    csrf = conditional_escape(context.get("csrf_token", ""))
    buttons = "".join(
        f'<button type="submit" name="reaction" value="{r["kind"]}={r["wanted"]}"'
        f' class="rounded-full px-2 py-0.5 {_PRESSED if r["on"] else _UNPRESSED}"'
        f' aria-pressed="{r["pressed"]}" aria-label="{r["label"]}" data-reaction="{r["kind"]}">'
        f'<span aria-hidden="true">{r["emoji"]}</span> <span data-count>{int(r["count"])}</span></button>'
        for r in comment.buttons
    )
    return mark_safe(
        f'<form id="comment-reactions-{pk}" class="flex gap-1" method="post" action="{url}"'
        f' data-hx-post="{url}" data-hx-target="this" data-hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{csrf}">{buttons}</form>'
    )
