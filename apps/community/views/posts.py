"""Writing a post (with preview), its page, and what members do to it: react, save, lock, delete."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from apps.community import selectors, services
from apps.community.forms import CommentForm, PostForm, PreviewForm
from apps.community.models import REACTION_EMOJI, Comment, Post, ReactionKind
from apps.community.rendering import render_body
from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, is_partial_request, redirect_after_post, render_page
from apps.core.pagecache import cache_page
from apps.core.permissions import is_verified_staff
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors


def reaction_buttons(obj, mine: set[str]) -> list[dict]:
    return [
        {
            "kind": kind,
            "label": label,
            "emoji": REACTION_EMOJI[kind],
            "count": getattr(obj, f"{kind}_count"),
            "on": kind in mine,
            # What a button posts and announces, decided here once rather than per button.
            "wanted": "0" if kind in mine else "1",
            "pressed": "true" if kind in mine else "false",
        }
        for kind, label in ReactionKind.choices
    ]


def _post_form_response(
    request,
    form: PostForm,
    *,
    post: Post | None,
    preview: str = "",
    preview_error: str = "",
    status: int = 200,
) -> HttpResponse:
    ctx = {"form": form, "post": post, "preview": preview, "preview_error": preview_error,
           "banned": selectors.is_banned(user=request.user)}  # fmt: skip
    return render_page(request, "community/post_form.html", ctx, partial="form", status=status)


def _preview_response(request, form: PostForm, *, post: Post | None) -> HttpResponse:
    """The Preview button without JavaScript: not a post, so it spends the looser budget of
    the live preview rather than the posting one."""
    if is_ratelimited(
        request,
        group="community.preview",
        key="user",
        rate=setting_rate("COMMUNITY_ACTION_RATE"),
        increment=True,
    ):
        error = "Too many previews in a short time: wait a minute, then preview again."
        return _post_form_response(request, form, post=post, preview_error=error)
    preview = str(render_body(request.POST.get("body", ""))[0])
    return _post_form_response(request, form, post=post, preview=preview)


def _save_post(request, form: PostForm, *, post: Post | None) -> HttpResponse:
    action = request.POST.get("action", "publish")
    if action == "preview":
        return _preview_response(request, form, post=post)
    # Only saved posts count; a limited one gets its form back as it was typed.
    group = "community.post-edit" if post else "community.post-create"
    rate = form_budget(group, "COMMUNITY_POST_RATE", key="user")
    wait = form_rate_wait(request, **rate)
    if not form.is_valid() or wait:
        if wait:
            form.add_error(None, form_rate_message(wait, account=True))
        return _post_form_response(request, form, post=post, status=429 if wait else 200)
    data = form.to_data(publish=action == "publish")
    try:
        post = (
            services.post_update(post=post, data=data)
            if post
            else services.post_create(author=request.user, data=data)
        )
    except (ValidationError, services.PostingBanned) as exc:
        form_add_service_errors(form, exc)
        return _post_form_response(request, form, post=post)
    form_rate_count(request, **rate)
    messages.success(request, "Published." if post.is_published else "Draft saved.")
    return redirect_after_post(request, post)


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: HtmxHttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _save_post(request, PostForm(request.POST), post=None)
    return _post_form_response(request, PostForm(), post=None)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_edit(user=request.user, pk=pk)
    if request.method == "POST":
        return _save_post(request, PostForm(request.POST), post=post)
    initial = {"title": post.title, "body": post.body, "tags": " ".join(t.name for t in post.tags.all())}
    return _post_form_response(request, PostForm(initial=initial), post=post)


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)
def post_preview(request: HtmxHttpRequest) -> HttpResponse:
    form = PreviewForm(request.POST)
    html = render_body(form.cleaned_data["body"])[0] if form.is_valid() else ""
    error = "" if form.is_valid() else "The post is too long to preview."
    return render(request, "community/post_form.html#preview", {"preview": html, "preview_error": error})


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)
def post_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_edit(user=request.user, pk=pk)
    services.post_delete(post=post)
    messages.success(request, "Post deleted.")
    return redirect_after_post(request, "community:feed")


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)
def post_lock(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_lock(user=request.user, pk=pk)
    services.post_set_locked(post=post, locked=request.POST.get("locked") == "1")
    messages.success(request, "Discussion locked." if post.comments_locked else "Discussion reopened.")
    return redirect(post)


_COMMENT_ACTIONS = ("react", "reply", "edit", "delete", "report")

# A reply's left margin by its depth in the thread (the deepest level holds everything below).
COMMENT_INDENT = ("", "ml-4 sm:ml-8", "ml-8 sm:ml-16", "ml-12 sm:ml-24", "ml-16 sm:ml-32")


_PK_MARK = 987654321


def comment_links(comments: list[Comment]) -> None:
    """Give each comment its action URLs (`comment.links.react`, …). One reverse() per action
    for the whole thread: a 100-comment page would otherwise spend a fifth of its time in
    ~800 {% url %} tags."""
    patterns = {
        action: reverse(f"community:comment-{action}", args=[_PK_MARK]).replace(str(_PK_MARK), "{}")
        for action in _COMMENT_ACTIONS
    }
    for comment in comments:
        comment.links = {action: pattern.format(comment.pk) for action, pattern in patterns.items()}


def detail_context(request, post: Post, **extra) -> dict:
    mine = selectors.mine_for(user=request.user, post=post)

    def thread() -> list[Comment]:
        comments = selectors.comment_thread(post=post, user=request.user)
        for comment in comments:
            comment.buttons = reaction_buttons(comment, mine.comment_reactions.get(comment.pk, set()))
        comment_links(comments)
        for comment in comments:
            comment.indent = COMMENT_INDENT[min(comment.display_depth, len(COMMENT_INDENT) - 1)]
        return comments

    reply_to = extra.pop("reply_to", None)
    # Everyone logged out sees the same thread: it is a cached fragment (keyed by the post's
    # comments version, see selectors.comments_changed), and loaded only on a cache miss.
    shared = not request.user.is_authenticated and reply_to is None
    return {
        "post": post,
        "mine": mine,
        "reactions": reaction_buttons(post, mine.post_reactions),
        "comments": SimpleLazyObject(thread) if shared else thread(),
        "comments_cache_key": selectors.comments_version(post_id=post.pk) if shared else None,
        "comments_cache_seconds": selectors.COMMENTS_CACHE_SECONDS,
        "comment_form": extra.pop("comment_form", None) or CommentForm(),
        "reply_to": reply_to,
        "banned": mine.banned,
        # Read once here rather than through the lazy `user` for every comment.
        "viewer_id": request.user.pk,
        "viewer_is_staff": is_verified_staff(request.user),
        "can_comment": request.user.is_authenticated
        and post.is_published
        and not post.comments_locked
        and not mine.banned,
        "site_url": settings.SITE_URL,
        **extra,
    }


@require_safe
@cache_page("community", "accounts.user")
def post_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_view(user=request.user, pk=pk)
    reply_to = request.GET.get("reply")
    ctx = detail_context(request, post, reply_to=int(reply_to) if (reply_to or "").isdigit() else None)
    return render_page(request, "community/post_detail.html", ctx, partial="comments")


@require_safe
def post_history(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_view(user=request.user, pk=pk)
    return render(request, "community/post_history.html", {"post": post, "revisions": post.revisions.all()})


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)
def post_react(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_view(user=request.user, pk=pk)
    kind = request.POST.get("kind", "")
    if kind not in ReactionKind.values:
        raise Http404("No such reaction.")
    services.reaction_set(member=request.user, kind=kind, on=request.POST.get("on") == "1", post=post)
    if not is_partial_request(request):
        return redirect(post)
    post.refresh_from_db()
    ctx = {
        "post": post,
        "reactions": reaction_buttons(post, selectors.my_reactions(user=request.user, post=post)),
    }
    return render(request, "community/post_detail.html#reactions", ctx)


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)
def post_save(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_view(user=request.user, pk=pk)
    on = request.POST.get("on") == "1"
    services.post_save_set(member=request.user, post=post, on=on)
    if not is_partial_request(request):
        return redirect(post)
    mine = selectors.Mine(saved=on)
    return render(request, "community/post_detail.html#save-button", {"post": post, "mine": mine})
