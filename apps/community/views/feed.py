"""The feed, tag pages, search, and a member's drafts and reading list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from apps.community import search as finders
from apps.community import selectors
from apps.core.decorators import private_page
from apps.core.htmx import HtmxHttpRequest, render_page
from apps.core.pagecache import cache_page


@private_page
@require_safe
@cache_page("community", "accounts.user", members=True)
def feed(request: HtmxHttpRequest) -> HttpResponse:
    viewer = selectors.viewer_for(request.user)
    # A member who follows nobody yet would open on an empty Following tab: start on Latest.
    default = "following" if viewer.follows_anything else "latest"
    tab = request.GET.get("tab") if request.GET.get("tab") in selectors.FEED_TABS else default
    period = request.GET.get("period") if request.GET.get("period") in selectors.TOP_PERIODS else "week"
    if tab == "following" and not request.user.is_authenticated:
        tab = "latest"
    page, viewer = selectors.feed_page(
        user=request.user, tab=tab, period=period, cursor=request.GET.get("cursor"), viewer=viewer
    )
    suggestions = None
    if request.user.is_authenticated and not viewer.follows_anything and not request.htmx:
        suggestions = selectors.follow_suggestions(user=request.user, viewer=viewer)
    ctx = {
        "page": page,
        "viewer": viewer,
        "tab": tab,
        "period": period,
        "periods": selectors.TOP_PERIODS,
        "suggestions": suggestions,
    }
    partial = "feed-region" if request.htmx.target == "feed-region" else "cards"
    return render_page(request, "community/feed.html", ctx, partial=partial)


@require_safe
def tag_detail(request: HtmxHttpRequest, tag: str) -> HttpResponse:
    tag_obj = selectors.tag_get(name=tag)
    page, viewer = selectors.tag_page(user=request.user, tag=tag_obj, cursor=request.GET.get("cursor"))
    ctx = {
        "tag": tag_obj,
        "page": page,
        "following": tag_obj.pk in viewer.followed_tags,
        "muted": tag_obj.pk in viewer.muted_tags,
    }
    return render_page(request, "community/tag_detail.html", ctx, partial="cards")


@require_safe
def tag_suggest(request: HtmxHttpRequest) -> HttpResponse:
    token = request.GET.get("tags", "").replace(",", " ").split(" ")[-1]
    names = selectors.tag_suggestions(prefix=token[:30])
    return render(request, "community/post_form.html#tag-suggestions", {"suggestions": names})


@require_safe
def search(request: HtmxHttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("type") if request.GET.get("type") in {"posts", "comments", "members"} else "posts"
    results = finders.search_page(kind=kind, q=q, page=request.GET.get("page")) if q else None
    ctx = {"q": q, "type": kind, "results": results}
    return render_page(request, "community/search.html", ctx, partial="results")


@private_page
@login_required
@require_safe
def drafts(request: HtmxHttpRequest) -> HttpResponse:
    ctx = {"posts": selectors.drafts_for(user=request.user), "heading": "My drafts", "empty": "No drafts."}
    return render(request, "community/post_list.html", ctx)


@private_page
@login_required
@require_safe
def reading_list(request: HtmxHttpRequest) -> HttpResponse:
    ctx = {
        "posts": selectors.reading_list_for(user=request.user)[:100],
        "heading": "Reading list",
        "empty": "Posts you save show up here.",
    }
    return render(request, "community/post_list.html", ctx)
