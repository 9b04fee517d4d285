"""Reporting a post or a comment to the moderators."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from apps.community import selectors, services
from apps.community.forms import ReportForm
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, render_page


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HtmxHttpRequest, pk: int, what: str) -> HttpResponse:
    if what == "post":
        target = selectors.post_get_for_view(user=request.user, pk=pk)
        post = target
    else:
        target = selectors.comment_get_for_view(user=request.user, pk=pk)
        post = target.post
    form = ReportForm(request.POST or None)
    rate = form_budget("community.report", "COMMUNITY_ACTION_RATE", key="user")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if wait:
        form.add_error(None, form_rate_message(wait, account=True))
    if request.method == "POST" and form.is_valid():
        services.report_create(reporter=request.user, **{what: target}, **form.cleaned_data)
        form_rate_count(request, **rate)
        messages.success(request, "Thanks — moderators will look at it.")
        return redirect(target.get_absolute_url())
    ctx = {"form": form, "target": target, "what": what, "post": post}
    return render_page(request, "community/report.html", ctx, partial="form", status=429 if wait else 200)
