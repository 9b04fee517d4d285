"""/me/: the member's own dashboard, read from every app it shows and served here.

It is the path the site exists for, one card per step: a conference seat → a career track →
learning → a cohort with a mentor → a hackathon → a job. Each card shows where the member is
and says the next step. Apps do not import each other, so the page is put together at the
project level, like the home and profile pages (site_config/pages.py), in a handful of
queries: one or two per card, none per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth.decorators import login_required
from django.db.models.functions import Lower
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from apps.careers.selectors import result_latest_for_member
from apps.core.decorators import private_page
from apps.core.htmx import HtmxHttpRequest
from apps.events.models import Registration
from apps.events.tokens import status_token
from apps.hackathons.selectors import hackathon_history_for_member
from apps.jobs.models import JobApplication
from apps.learning.models import Enrollment
from apps.notifications.selectors import unread_count
from apps.programs.selectors import member_programs

CARD_ROWS = 5


@dataclass
class Step:
    key: str
    done: bool
    text: str  # the next step, when not done
    url: str


def _registrations(user) -> list[dict]:
    """OTEI registrations made with one of the member's confirmed addresses, whatever the
    letter case and whenever the account was made: an attendee who signs up after the event
    finds their ticket here."""
    emails = [
        e.lower()
        for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    ]
    if not emails:
        return []
    rows = (
        Registration.objects.annotate(email_lower=Lower("email"))
        .filter(email_lower__in=emails)
        .select_related("event")
        .order_by("-created_at")[:CARD_ROWS]
    )
    cards = []
    for registration in rows:
        token = status_token(registration)
        cards.append(
            {
                "event": registration.event,
                "status": registration.get_status_display(),
                "status_url": reverse("events:status", kwargs={"token": token}),
                "ticket_url": reverse("events:ticket", kwargs={"token": token})
                if registration.ticket_code
                else "",
            }
        )
    return cards


def member_home_data(*, user) -> dict:
    programs = member_programs(user=user)
    courses = list(
        Enrollment.objects.filter(user=user, completed_at__isnull=True)
        .select_related("course")
        .order_by("-last_seen_at", "-created_at")[:CARD_ROWS]
    )
    hackathons = hackathon_history_for_member(member=user, with_wins=False, limit=CARD_ROWS)
    jobs = list(
        JobApplication.objects.filter(applicant=user)
        .select_related("job")
        .order_by("-created_at")[:CARD_ROWS]
    )
    result = result_latest_for_member(user=user)
    registrations = _registrations(user)
    steps = [
        Step("seat", bool(registrations), "Get a seat at the OTEI conference.", reverse("events:event-list")),
        Step(
            "track", result is not None, "Take the career quiz to find your track.", reverse("careers:quiz")
        ),
        Step(
            "learning",
            bool(courses) or Enrollment.objects.filter(user=user).exists(),
            "Start a course on your track.",
            reverse("learning:course-list"),
        ),
        Step(
            "cohort",
            programs.membership is not None,
            "Apply to a program: learn in a cohort with a mentor.",
            reverse("programs:program-list"),
        ),
        Step(
            "hackathon",
            bool(hackathons),
            "Join a hackathon and build with a team.",
            reverse("hackathons:list"),
        ),
        Step("job", bool(jobs), "Apply for a job with what you have built.", reverse("jobs:job-list")),
    ]
    return {
        "programs": programs,
        "courses": courses,
        "hackathons": hackathons,
        "job_applications": jobs,
        "quiz_result": result,
        "registrations": registrations,
        "unread": unread_count(user=user),
        "steps": {step.key: step for step in steps},
        "next_step": next((step for step in steps if not step.done), None),
    }


@private_page
@login_required
@require_safe
def member_home(request: HtmxHttpRequest) -> HttpResponse:
    return render(request, "core/me.html", member_home_data(user=request.user))
