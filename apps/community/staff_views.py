"""The staff moderation queue: open reports, and what to do about them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST, require_safe

from apps.community import moderation
from apps.community.forms import ModerationForm
from apps.community.models import ModerationAction, PostingBan, Report
from apps.core.decorators import staff_required
from apps.core.htmx import HtmxHttpRequest, render_page
from apps.core.pagination import paginate


@staff_required
@require_safe
def queue(request: HtmxHttpRequest) -> HttpResponse:
    reports = Report.objects.filter(status=Report.Status.OPEN).select_related(
        "reporter", "post__author", "comment__author", "comment__post"
    )
    ctx = {
        "page_obj": paginate(request, reports, per_page=30),
        "bans": PostingBan.objects.select_related("member")[:50],
        "recent": ModerationAction.objects.select_related("staff", "member")[:20],
        "form": ModerationForm(),
    }
    return render_page(request, "community/staff/moderation.html", ctx, partial="reports")


@staff_required
@require_POST
def report_act(request: HtmxHttpRequest, pk: int, action: str) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("post", "comment"), pk=pk)
    if action not in moderation.MODERATION_ACTIONS:
        raise Http404("No such action.")
    form = ModerationForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    moderation.moderation_apply(
        staff=request.user, action=action, post=report.post, comment=report.comment, note=note
    )
    messages.success(request, f"Done: {ModerationAction.Action(action).label.lower()}.")
    return redirect("community_staff:queue")


@staff_required
@require_POST
def ban_lift(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    member = get_object_or_404(get_user_model(), pk=user_id)
    moderation.posting_ban_lift(staff=request.user, member=member)
    messages.success(request, f"@{member.handle} may post again.")
    return redirect("community_staff:queue")


@staff_required
@require_POST
def content_act(request: HtmxHttpRequest, what: str, pk: int, action: str) -> HttpResponse:
    """Moderate a post or comment straight from its page (no report needed)."""
    from apps.community.models import Comment, Post

    model = Post if what == "post" else Comment
    target = get_object_or_404(model, pk=pk)
    if action not in moderation.MODERATION_ACTIONS:
        raise Http404("No such action.")
    form = ModerationForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    moderation.moderation_apply(staff=request.user, action=action, note=note, **{what: target})
    messages.success(request, f"Done: {ModerationAction.Action(action).label.lower()}.")
    return redirect(target.get_absolute_url())
