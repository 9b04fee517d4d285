"""Judges' pages: the submissions they may score (recusal applied) and the score form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.views.decorators.http import require_http_methods, require_safe

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.service_errors import form_add_service_errors
from apps.hackathons import judging, selectors
from apps.hackathons.forms import ScoreForm
from apps.hackathons.models import Score


@private_page
@require_safe
@login_required
def judging_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    hackathon = selectors.hackathon_get(slug=slug)
    if not judging.is_judge(hackathon=hackathon, user=request.user):
        raise PermissionDenied
    submissions = list(judging.submissions_for_judge(hackathon=hackathon, judge=request.user))
    scored = set(
        Score.objects.filter(judge=request.user, submission__hackathon=hackathon).values_list(
            "submission_id", flat=True
        )
    )
    context = {"hackathon": hackathon, "submissions": submissions, "scored": scored}
    return render_page(request, "hackathons/judging_list.html", context)


@private_page
@require_http_methods(["GET", "POST"])
@login_required
def score(request: HtmxHttpRequest, slug: str, submission_id: int) -> HttpResponse:
    hackathon = selectors.hackathon_get(slug=slug)
    submission = judging.submission_get_for_judging(
        hackathon=hackathon, user=request.user, submission_id=submission_id
    )
    criteria = list(hackathon.criteria.all())
    existing = {
        s.criterion_id: (s.value, s.comment)
        for s in Score.objects.filter(submission=submission, judge=request.user)
    }
    form = ScoreForm(request.POST or None, criteria=criteria, initial_scores=existing)
    rate = form_budget("hackathons.score", "HACKATHON_POST_RATE", key="user_or_ip")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST" and form.is_valid() and not wait:
        try:
            judging.scores_save(submission=submission, judge=request.user, values=form.values())
            form_rate_count(request, **rate)
            messages.success(request, f"Scores saved for {submission.title}.")
            return redirect_after_post(request, "hackathons:judging", slug=slug)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
    if wait:
        form.add_error(None, form_rate_message(wait, account=True))
    context = {"hackathon": hackathon, "submission": submission, "form": form}
    return render_page(
        request, "hackathons/score.html", context, partial="score-form", status=429 if wait else 200
    )
