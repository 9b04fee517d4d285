"""The pages that combine several apps: the home page and a member's profile page. What they
show is read in site_config/pages.py; only the project level may import every app."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from apps.careers.selectors import result_get_for_member
from apps.core.decorators import private_page
from apps.core.htmx import HtmxHttpRequest
from apps.core.pagecache import cache_page
from apps.profiles.selectors import profile_get_by_handle
from site_config.pages import (
    HOME_LABELS,
    PROFILE_LABELS,
    careers_result_data,
    home_sections,
    profile_page_data,
)


@require_safe
@cache_page(*HOME_LABELS)
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", home_sections())


@require_safe
@cache_page(*PROFILE_LABELS)
def profile_detail(request: HtmxHttpRequest, handle: str) -> HttpResponse:
    profile = profile_get_by_handle(handle=handle)
    if profile.user.handle != handle:
        return redirect("profiles:detail", handle=profile.user.handle, permanent=True)
    context = profile_page_data(profile=profile, viewer=request.user)
    return render(request, "profiles/profile_detail.html", context)


@private_page
@login_required
@require_safe
def careers_result(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A member's own quiz result with next steps from across the site (private: anyone
    else gets a 404)."""
    result = result_get_for_member(user=request.user, pk=pk)
    return render(request, "careers/result.html", careers_result_data(result=result, viewer=request.user))
