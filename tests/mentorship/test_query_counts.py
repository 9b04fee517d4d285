"""Pinned query counts for the pages that list things: the same at 1 and at 50 rows."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.mentorship import services
from apps.mentorship.models import CheckIn, Session
from tests.mentorship.factories import make_mentor, make_mentorship, make_request

pytestmark = pytest.mark.django_db


def test_mentor_list(client, assert_page_queries):
    def add(n):
        for _ in range(n):
            make_mentor()

    url = reverse("mentorship:mentor-list") + "?skills=python&track=builders"
    # count; mentors with their members; their slots
    page = assert_page_queries(client, url, add_rows=add, expected=2)
    assert len(page.response.context["page_obj"].object_list) == 20


def test_my_mentorships_page(member_client, assert_page_queries):
    user = member_client.user
    mentor = make_mentor(user=user, capacity=20, slots=())

    def add(n):
        for _ in range(n):
            make_request(mentor)
            running = make_mentorship(make_mentor(), mentee=user)
            start = timezone.now() + timedelta(days=2, hours=Session.objects.count())
            Session.objects.create(
                mentorship=running, mentor=running.mentor, mentee=user,
                starts_at=start, ends_at=start + timedelta(hours=1),
            )  # fmt: skip

    # time zone; each list counted then read (sessions, as mentee, as mentor); mentor profile
    page = assert_page_queries(member_client, reverse("mentorship:mine"), add_rows=add, expected=8)
    context = page.response.context
    assert [len(context[name].object_list) for name in ("upcoming", "as_mentee", "as_mentor")] == [20, 20, 20]


def test_mentorship_page_with_its_sessions(member_client, assert_page_queries):
    mentorship = make_mentorship(mentee=member_client.user)

    def add(n):
        last = Session.objects.filter(mentorship=mentorship).order_by("-starts_at").first()
        start = (last.starts_at if last else timezone.now() - timedelta(days=400)) + timedelta(days=1)
        for i in range(n):
            Session.objects.create(
                mentorship=mentorship, mentor=mentorship.mentor, mentee=mentorship.mentee,
                starts_at=start + timedelta(days=i), ends_at=start + timedelta(days=i, hours=1),
            )  # fmt: skip

    # mentorship; time zone (both candidates in one); mentor's slots; times taken; sessions
    assert_page_queries(member_client, mentorship.get_absolute_url(), add_rows=add, expected=5)


def test_coaching_page(member_client, assert_page_queries, monkeypatch):
    user = member_client.user

    def add(n):
        for _ in range(n):
            count = user.coaching_goals.count()
            goal = services.goal_create(
                user=user,
                data=services.GoalData(
                    title=f"Goal {count}", target_date=date(2099, 1, 1), milestones=["a", "b"]
                ),
            )
            habit = services.habit_create(user=user, name=f"Habit {count}", cadence="daily")
            CheckIn.objects.create(habit=habit, day=date.today())
            assert goal

    from apps.mentorship.services import coaching

    monkeypatch.setattr(coaching, "MAX_ACTIVE_HABITS", 100)
    # time zone (both candidates in one); reflections (this week's, the chart's weeks and the
    # list's in one); check-ins for the chart; goals, milestones; habits, check-ins; plans
    assert_page_queries(member_client, reverse("coaching:home"), add_rows=add, expected=8)
