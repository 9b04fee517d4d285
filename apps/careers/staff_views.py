"""Staff figures for the quiz: how results spread over the tracks per version, and each
item's statistics so weak items can be found (two-factor staff only). No member's answers are
shown, only aggregates."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from apps.careers import selectors
from apps.careers.models import QuizVersion
from apps.careers.tracks import TRACKS
from apps.core.decorators import staff_required
from apps.core.htmx import HtmxHttpRequest, render_page


@staff_required
@require_safe
def overview(request: HtmxHttpRequest) -> HttpResponse:
    context = {
        "rows": selectors.distribution(),
        "tracks": TRACKS,
        "versions": selectors.versions_with_counts(),
    }
    return render_page(request, "careers/staff_overview.html", context)


@staff_required
@require_safe
def items(request: HtmxHttpRequest, number: int) -> HttpResponse:
    version = get_object_or_404(QuizVersion, number=number)
    stats, reliability, sessions = selectors.version_statistics(version=version)
    context = {"version": version, "stats": stats, "reliability": reliability, "sessions": sessions}
    return render_page(request, "careers/staff_items.html", context)
