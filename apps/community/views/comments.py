"""Comments on a post's page: write, reply, edit, delete, react."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.community import selectors, services
from apps.community.forms import CommentForm
from apps.community.models import Comment, ReactionKind
from apps.community.views.posts import comment_links, detail_context, reaction_buttons
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, is_partial_request, render_page
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors


@login_required
@require_POST
def comment_create(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_view(user=request.user, pk=pk)
    form = CommentForm(request.POST)
    parent = None
    if form.is_valid() and form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], post=post, is_deleted=False).first()
        if parent is None:
            form.add_error(None, "The comment you replied to is gone.")
    # Only posted comments count; a limited one comes back in its form as it was typed.
    rate = form_budget("community.comment-create", "COMMUNITY_COMMENT_RATE", key="user")
    if wait := form_rate_wait(request, **rate):
        form.add_error(None, form_rate_message(wait, account=True))
    if form.is_valid():
        try:
            comment = services.comment_create(
                post=post, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except (ValidationError, services.PostingBanned) as exc:
            form_add_service_errors(form, exc)
        else:
            form_rate_count(request, **rate)
            if not is_partial_request(request):
                return redirect(f"{post.get_absolute_url()}#comment-{comment.pk}")
            post.refresh_from_db()
            return render(request, "community/post_detail.html#comments", detail_context(request, post))
    parent_raw = request.POST.get("parent", "")
    reply_to = int(parent_raw) if parent_raw.isdigit() else None
    forms = {"reply_form": form} if reply_to else {"comment_form": form}
    ctx = detail_context(request, post, reply_to=reply_to, **forms)
    status = 429 if wait else 422
    return render_page(request, "community/post_detail.html", ctx, partial="comments", status=status)


@login_required
@require_safe
def comment_reply(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_view(user=request.user, pk=pk)
    if not is_partial_request(request):
        return redirect(f"{comment.post.get_absolute_url()}?reply={comment.pk}#reply-form-{comment.pk}")
    ctx = {
        "post": comment.post,
        "comment": comment,
        "reply_form": CommentForm(initial={"parent": comment.pk}),
    }
    return render(request, "community/post_detail.html#reply-form", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_edit(user=request.user, pk=pk)
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    rate = form_budget("community.comment-edit", "COMMUNITY_COMMENT_RATE", key="user")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if wait:
        form.add_error(None, form_rate_message(wait, account=True))
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_update(comment=comment, body=form.cleaned_data["body"])
        except services.PostingBanned as exc:
            form_add_service_errors(form, exc)
        else:
            form_rate_count(request, **rate)
            if not is_partial_request(request):
                return redirect(comment.get_absolute_url())
            return render(
                request, "community/post_detail.html#comments", detail_context(request, comment.post)
            )
    ctx = {"form": form, "comment": comment}
    response = render_page(
        request, "community/comment_edit.html", ctx, partial="form", status=429 if wait else 200
    )
    if request.method == "POST" and is_partial_request(request):
        # The form posts into #comments; an error swaps only the form itself.
        response["HX-Retarget"] = f"#comment-edit-form-{comment.pk}"
        response["HX-Reswap"] = "outerHTML"
    return response


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)
def comment_delete(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_edit(user=request.user, pk=pk)
    post = comment.post
    services.comment_delete(comment=comment)
    if not is_partial_request(request):
        messages.success(request, "Comment deleted.")
        return redirect(post)
    post.refresh_from_db()
    return render(request, "community/post_detail.html#comments", detail_context(request, post))


def _wanted_reaction(request: HtmxHttpRequest) -> tuple[str, bool]:
    """The reaction a button asks for and its wanted state: `reaction=like=1` from a comment's
    reaction form (one form, a button per reaction), or `kind=like&on=1` as the post's
    buttons and older pages send it."""
    if "reaction" in request.POST:
        kind, _, wanted = request.POST["reaction"].partition("=")
        return (kind, wanted == "1") if wanted in ("0", "1") else ("", False)
    return request.POST.get("kind", ""), request.POST.get("on") == "1"


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)
def comment_react(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_get_for_view(user=request.user, pk=pk)
    kind, on = _wanted_reaction(request)
    if kind not in ReactionKind.values:
        raise Http404("No such reaction.")
    services.reaction_set(member=request.user, kind=kind, on=on, comment=comment)
    if not is_partial_request(request):
        return redirect(comment.get_absolute_url())
    comment.refresh_from_db()
    comment.buttons = reaction_buttons(comment, selectors.my_reactions(user=request.user, comment=comment))
    comment_links([comment])
    ctx = {"comment": comment, "viewer_id": request.user.pk}
    return render(request, "community/post_detail.html#comment-reactions", ctx)
