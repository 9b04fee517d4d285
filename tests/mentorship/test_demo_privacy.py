"""Demo data, and a member's mentorship and coaching data in the export and gone on erasure."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from apps.mentorship import demo, services
from apps.mentorship.models import (
    CheckIn,
    CoachPlan,
    Goal,
    Habit,
    MentorProfile,
    Mentorship,
    Reflection,
    Session,
    TimeZonePreference,
)
from apps.mentorship.privacy import erase_member_data, export_member_data
from tests.accounts.factories import UserFactory
from tests.mentorship.factories import make_mentor, make_mentorship

pytestmark = pytest.mark.django_db


def test_demo_seeds_mentors_and_the_demo_members_coaching_once(django_capture_on_commit_callbacks):
    for _ in range(12):
        UserFactory()
    member = UserFactory(email="demo@example.com")

    demo.seed(size="small", stdout=io.StringIO())
    demo.seed(size="small", stdout=io.StringIO())

    assert MentorProfile.objects.count() == 12
    assert all(m.slots.count() == 2 for m in MentorProfile.objects.all())
    mentorship = Mentorship.objects.get(mentee=member)
    assert mentorship.status == Mentorship.Status.TRIAL
    assert Session.objects.filter(mentee=member).count() == 2
    assert Goal.objects.filter(user=member).count() == 1
    assert CheckIn.objects.filter(habit__user=member).count() > 20
    assert Reflection.objects.filter(user=member, shared_with_mentor=True).count() == 1


def _member_with_everything():
    mentorship = make_mentorship()
    mentee = mentorship.mentee
    services.time_zone_set(user=mentee, time_zone="Europe/London")
    start = timezone.now() - timedelta(hours=3)
    Session.objects.create(
        mentorship=mentorship, mentor=mentorship.mentor, mentee=mentee, starts_at=start,
        ends_at=start + timedelta(hours=1), mentee_note="Useful", mentor_note="Keep going", rating=4,
    )  # fmt: skip
    services.goal_create(
        user=mentee, data=services.GoalData(title="Ship", target_date=date(2099, 1, 1), milestones=["a"])
    )
    habit = services.habit_create(user=mentee, name="Read", cadence="daily")
    services.habit_check_in(habit=habit, user=mentee)
    services.reflection_save(user=mentee, data=services.ReflectionData(was_hard="Sleep"))
    services.coach_plan_propose(user=mentee)
    return mentorship


def test_export_holds_mentorships_sessions_notes_and_coaching(django_capture_on_commit_callbacks):
    mentorship = _member_with_everything()

    data = export_member_data(mentorship.mentee)
    json.dumps(data)

    assert data["time_zone"] == "Europe/London"
    [mine] = data["as_mentee"]
    assert mine["goal"] == mentorship.goal and mine["sessions"][0]["my_note"] == "Useful"
    assert mine["sessions"][0]["rating"] == 4
    assert data["goals"][0]["milestones"] == [{"title": "a", "done_at": None}]
    assert len(data["habits"][0]["check_ins"]) == 1
    assert data["reflections"][0]["was_hard"] == "Sleep"
    assert data["coach_plans"][0]["status"] == "proposed"
    mentor_side = export_member_data(mentorship.mentor.user)
    assert mentor_side["mentor_profile"]["weekly_times"] == ["Tuesday 18:00 (60 min)"]
    assert mentor_side["as_mentor"][0]["sessions"][0]["my_note"] == "Keep going"


def test_erasing_a_mentee_removes_their_data_and_frees_the_mentors_place(django_capture_on_commit_callbacks):
    mentorship = _member_with_everything()
    mentee, mentor = mentorship.mentee, mentorship.mentor
    other = make_mentorship(mentor)

    erase_member_data(mentee)

    for model in (Goal, Habit, Reflection, CoachPlan, TimeZonePreference):
        assert not model.objects.filter(user=mentee).exists()
    assert not Mentorship.objects.filter(mentee=mentee).exists()
    assert not Session.objects.filter(mentee=mentee).exists()
    assert MentorProfile.objects.get(pk=mentor.pk).mentee_count == 1
    assert Mentorship.objects.filter(pk=other.pk).exists()


def test_erasing_a_mentor_removes_their_profile_and_times():
    mentor = make_mentor()

    erase_member_data(mentor.user)

    assert not MentorProfile.objects.filter(pk=mentor.pk).exists()
