"""The quiz and the pages around it. The result page combines other apps' content (next
steps), so the project serves it: site_config/views.py, in this app's URL namespace."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.careers import selectors, services
from apps.careers.forms import QuizPageForm, ShareForm
from apps.careers.models import QuizSession, QuizVersion
from apps.careers.scoring import CATEGORIES, CONFIDENCE_WORDS, FLAG_WORDS, RULES, current_rules
from apps.careers.tracks import TRACKS
from apps.core.decorators import private_page
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.core.service_errors import message_service_error


@require_safe
def how(request: HtmxHttpRequest) -> HttpResponse:
    version = QuizVersion.objects.current()
    context = {
        "tracks": TRACKS,
        "categories": CATEGORIES,
        "rules": current_rules(),
        "confidence_words": CONFIDENCE_WORDS,
        "flag_words": FLAG_WORDS,
        "version": version,
        "item_count": version.items.count() if version else 0,
        "retake_days": selectors.RETAKE_DAYS,
        "scoring_versions": sorted(RULES),
    }
    return render_page(request, "careers/how.html", context)


def _page_number(raw: str | None, *, last: int, default: int) -> int:
    try:
        number = int(raw) if raw else default
    except ValueError:
        number = default
    return min(max(number, 1), last)


def _quiz_page(request: HtmxHttpRequest, session: QuizSession, number: int, form=None, status: int = 200):
    pages = selectors.quiz_pages(version=session.version)
    page = pages[number - 1]
    if form is None:
        form = QuizPageForm(items=page.items, answers=selectors.session_answers(session=session))
    context = {"session": session, "page": page, "pages": pages, "form": form, "last": len(pages)}
    return render_page(request, "careers/quiz.html", context, status=status)


@private_page
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="user", rate=setting_rate("CAREERS_ANSWER_RATE"), method="POST", block=True)
def quiz(request: HtmxHttpRequest) -> HttpResponse:
    session = selectors.session_open_for(user=request.user)
    if session is None:
        if request.method == "POST":
            return redirect("careers:quiz")
        context = {
            "version": QuizVersion.objects.current(),
            "status": selectors.retake_status(user=request.user),
            "latest": selectors.result_latest_for_member(user=request.user),
        }
        return render_page(request, "careers/quiz_start.html", context)
    last = len(selectors.quiz_pages(version=session.version))
    if request.method != "POST":
        number = _page_number(request.GET.get("page"), last=last, default=session.page or 1)
        return _quiz_page(request, session, number)
    return _quiz_post(request, session, _page_number(request.POST.get("page"), last=last, default=1), last)


def _quiz_post(request: HtmxHttpRequest, session: QuizSession, number: int, last: int) -> HttpResponse:
    page = selectors.quiz_pages(version=session.version)[number - 1]
    form = QuizPageForm(request.POST, items=page.items)
    if not form.is_valid():
        return _quiz_page(request, session, number, form)
    move = form.cleaned_data["move"] or "save"
    # Whatever was answered is kept, whichever way the member goes.
    services.answers_save(session=session, values=form.answered(), page=number)
    quiz_url = reverse("careers:quiz")
    if move == "back":
        return redirect_after_post(request, f"{quiz_url}?page={max(number - 1, 1)}")
    if move == "save":
        messages.success(request, "Your answers are saved. Come back any time to finish.")
        return redirect_after_post(request, f"{quiz_url}?page={number}")
    if not form.require_all():
        return _quiz_page(request, session, number, form)
    if move == "next" and number < last:
        return redirect_after_post(request, f"{quiz_url}?page={number + 1}")
    try:
        result = services.session_complete(session=session)
    except ValidationError as exc:
        message_service_error(request, exc)
        return redirect_after_post(request, f"{quiz_url}?page={_first_unanswered_page(session)}")
    return redirect_after_post(request, result)


def _first_unanswered_page(session: QuizSession) -> int:
    missing = {item.pk for item in selectors.session_unanswered(session=session)}
    for page in selectors.quiz_pages(version=session.version):
        if any(item.pk in missing for item in page.items):
            return page.number
    return 1


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("CAREERS_ANSWER_RATE"), method="POST", block=True)
def quiz_autosave(request: HtmxHttpRequest) -> HttpResponse:
    """Keeps answers as they are chosen (htmx posts the page's form on each change): a member
    who closes the tab finds them again. 204, nothing to swap."""
    session = selectors.session_open_for(user=request.user)
    if session is None:
        return HttpResponse(status=204)
    pages = selectors.quiz_pages(version=session.version)
    page = pages[_page_number(request.POST.get("page"), last=len(pages), default=1) - 1]
    form = QuizPageForm(request.POST, items=page.items)
    if form.is_valid():
        services.answers_save(session=session, values=form.answered(), page=page.number)
    return HttpResponse(status=204)


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("CAREERS_ANSWER_RATE"), method="POST", block=True)
def quiz_start(request: HtmxHttpRequest) -> HttpResponse:
    try:
        services.session_start(user=request.user)
    except ValidationError as exc:
        message_service_error(request, exc)
    return redirect_after_post(request, "careers:quiz")


@private_page
@login_required
@require_safe
def history(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, selectors.result_history(user=request.user))
    context = {"page_obj": page, "status": selectors.retake_status(user=request.user)}
    return render_page(request, "careers/history.html", context, partial="results")


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("CAREERS_ANSWER_RATE"), method="POST", block=True)
def result_share(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    result = selectors.result_get_for_member(user=request.user, pk=pk)
    form = ShareForm(request.POST)
    if form.is_valid():
        shared = form.cleaned_data["on"]
        services.result_share_set(result=result, shared=shared)
        messages.success(
            request, "Your track now shows on your profile." if shared else "Your track is private again."
        )
    return redirect_after_post(request, result)
