"""Public pages: the list, a hackathon, its calendar file and its leaderboard."""

from __future__ import annotations

from operator import attrgetter

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from apps.core.decorators import private_page
from apps.core.fragments import rows_for_cards
from apps.core.htmx import HtmxHttpRequest, is_partial_request, render_page
from apps.core.pagecache import cache_page
from apps.core.pagination import paginate
from apps.hackathons import selectors
from apps.hackathons.calendar import hackathon_ics
from apps.hackathons.forms import FilterForm
from apps.hackathons.judging import ranking_compute
from apps.hackathons.organising import can_manage, can_organise
from apps.hackathons.ranking import TIE_BREAK_RULE


@require_safe
@cache_page("hackathons", "profiles.skill", "accounts.user")
def hackathon_list(request: HtmxHttpRequest) -> HttpResponse:
    full_page = not is_partial_request(request)
    form = FilterForm(request.GET, technologies=selectors.technology_choices() if full_page else None)
    filters = form.filters()
    page_obj = paginate(request, selectors.hackathon_list(filters=filters), per_page=12)
    page_obj.object_list = rows_for_cards(
        page_obj.object_list,
        card="hackathon-card",
        key=attrgetter("card_key"),
        load=selectors.hackathons_for_cards,
    )
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page_obj,
        "can_organise": full_page and can_organise(request.user),
    }
    return render_page(request, "hackathons/hackathon_list.html", context, partial="results")


@require_safe
@cache_page("hackathons", "profiles.skill", "accounts.user")
def hackathon_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    hackathon = selectors.hackathon_get_for_detail(slug=slug)
    context = {
        "hackathon": hackathon,
        "me": selectors.member_state(hackathon=hackathon, user=request.user),
        "participants": selectors.participants_recent(hackathon=hackathon),
        "teams_open": selectors.teams_open(hackathon=hackathon),
        "next_deadline": hackathon.next_deadline(),
        "absolute_url": request.build_absolute_uri(hackathon.get_absolute_url()),
        "banner_url": request.build_absolute_uri(hackathon.banner.url) if hackathon.banner else "",
    }
    return render(request, "hackathons/hackathon_detail.html", context)


@require_safe
def hackathon_calendar(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    hackathon = selectors.hackathon_get(slug=slug)
    url = request.build_absolute_uri(hackathon.get_absolute_url())
    response = HttpResponse(hackathon_ics(hackathon, url=url), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{hackathon.slug}.ics"'
    return response


@private_page
@require_safe
def leaderboard(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Public once results are published; before that only organisers see a live preview
    (refreshed by HTMX while judging goes on)."""
    hackathon = selectors.hackathon_get(slug=slug)
    preview = not hackathon.results_published
    if preview and not can_manage(user=request.user, hackathon=hackathon):
        raise PermissionDenied("The results are not published yet.")
    rows = selectors.leaderboard_preview(hackathon, ranking_compute(hackathon=hackathon)) if preview else None
    context = {
        "hackathon": hackathon,
        "preview": preview,
        "rows": rows if preview else selectors.leaderboard(hackathon=hackathon),
        "tie_break_rule": TIE_BREAK_RULE,
        "refresh_url": reverse("hackathons:leaderboard", kwargs={"slug": slug}),
    }
    return render_page(request, "hackathons/leaderboard.html", context, partial="board")
