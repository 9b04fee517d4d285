"""The mentorship and coaching pages are valid HTML with one main heading each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.mentorship import services
from apps.mentorship.models import Session
from tests.core.test_html_validity import nu_errors
from tests.mentorship.factories import make_mentor, make_mentorship, make_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(client):
    mentorship = make_mentorship()
    mentee, mentor = mentorship.mentee, mentorship.mentor
    free = services.bookable(mentorship=mentorship)[0]
    booked = services.session_book(mentorship=mentorship, by=mentee, starts_at=free.starts_at)
    start = timezone.now() - timedelta(hours=3)
    past = Session.objects.create(
        mentorship=mentorship, mentor=mentor, mentee=mentee, starts_at=start, ends_at=start + timedelta(hours=1),
        mentor_note="Good start", rating=5,
    )  # fmt: skip
    services.goal_create(
        user=mentee, data=services.GoalData(title="Ship", target_date=date(2099, 1, 1), milestones=["a"])
    )
    habit = services.habit_create(user=mentee, name="Read", cadence="daily")
    services.habit_check_in(habit=habit, user=mentee)
    services.reflection_save(
        user=mentee, data=services.ReflectionData(went_well="Good week", shared_with_mentor=True)
    )
    services.coach_plan_propose(user=mentee)
    soon = timezone.now() + timedelta(hours=5)
    late = Session.objects.create(
        mentorship=mentorship, mentor=mentor, mentee=mentee, starts_at=soon, ends_at=soon + timedelta(hours=1)
    )
    for _ in range(21):  # a second page of mentors on /mentors/me/
        make_request(make_mentor(), mentee=mentee)
    found = {
        "mentors": client.get(reverse("mentorship:mentor-list")),
        "mentor": client.get(reverse("mentorship:mentor-detail", args=[mentor.user.handle])),
    }
    client.force_login(mentee)
    found |= {
        "mine": client.get(reverse("mentorship:mine")),
        "mentorship": client.get(mentorship.get_absolute_url()),
        "session": client.get(booked.get_absolute_url()),
        "session-past": client.get(past.get_absolute_url()),
        "coaching": client.get(reverse("coaching:home")),
        "mentor-request": client.get(reverse("mentorship:mentor-detail", args=[mentor.user.handle])),
        "mine-page-2": client.get(reverse("mentorship:mine"), {"mentors": "2"}),
        "session-late-cancel": client.post(
            reverse("mentorship:session-cancel", args=[late.pk]), {"reason": "Sorry <3"}
        ),
    }
    client.force_login(mentor.user)
    found |= {
        "volunteer": client.get(reverse("mentorship:mentor-edit")),
        "mentorship-mentor": client.get(mentorship.get_absolute_url()),
    }
    assert {name: r.status_code for name, r in found.items()} == dict.fromkeys(found, 200)
    return {name: r.content.decode() for name, r in found.items()}


def test_mentorship_pages_have_no_html_validation_errors(pages, tmp_path):
    assert nu_errors(pages, tmp_path) == []


def test_every_mentorship_page_has_exactly_one_main_heading(pages):
    assert {name: html.count("<h1") for name, html in pages.items()} == dict.fromkeys(pages, 1)


def test_the_pager_and_the_late_cancel_refusal_are_among_the_pages_checked(pages):
    assert (
        'aria-label="Pages of my mentors"' in pages["mine-page-2"] and "Page 2 of 2" in pages["mine-page-2"]
    )
    assert "cancelled up to 24 hours before they start" in pages["session-late-cancel"]
