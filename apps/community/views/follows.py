"""Following and muting members and tags."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from apps.community import selectors, services
from apps.core.htmx import HtmxHttpRequest, is_partial_request
from apps.core.next_url import safe_next_url
from apps.core.rates import setting_rate
from apps.core.service_errors import message_service_error


def _back(request, fallback: str) -> HttpResponse:
    """Redirect to ?next= (a path on this site only) or the fallback."""
    return redirect(safe_next_url(request, fallback))


def _toggle_response(request, *, kind: str, on: bool, url: str, label: str, fallback: str) -> HttpResponse:
    if not is_partial_request(request):
        return _back(request, fallback)
    ctx = {"kind": kind, "on": on, "url": url, "label": label}
    return render(request, "components/_toggle_button.html", ctx)


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)
def member_follow(request: HtmxHttpRequest, handle: str, action: str) -> HttpResponse:
    member = selectors.member_get(handle=handle)
    profile_url = reverse("profiles:detail", args=[member.handle])
    on = request.POST.get("on") == "1"
    try:
        if action == "follow":
            services.follow_set(follower=request.user, user=member, on=on)
        else:
            services.mute_set(member=request.user, user=member, on=on)
    except ValidationError as exc:
        message_service_error(request, exc)
        return _back(request, profile_url)
    url = request.path
    return _toggle_response(
        request, kind=action, on=on, url=url, label=f"@{member.handle}", fallback=profile_url
    )


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("COMMUNITY_ACTION_RATE"), method="POST", block=True)
def tag_follow(request: HtmxHttpRequest, tag: str, action: str) -> HttpResponse:
    tag_obj = selectors.tag_get(name=tag)
    on = request.POST.get("on") == "1"
    if action == "follow":
        services.follow_set(follower=request.user, tag=tag_obj, on=on)
    else:
        services.mute_set(member=request.user, tag=tag_obj, on=on)
    fallback = tag_obj.get_absolute_url()
    return _toggle_response(
        request, kind=action, on=on, url=request.path, label=f"#{tag_obj.name}", fallback=fallback
    )
