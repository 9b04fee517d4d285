"""Goals, habits and streaks in the member's own zone, reflections (private unless shared),
and the coach's plan for the week."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from apps.mentorship import selectors, services
from apps.mentorship.coach import coaching_context, local_plan
from apps.mentorship.models import CheckIn, CoachPlan, Habit, Reflection
from tests.accounts.factories import UserFactory
from tests.mentorship.factories import make_mentorship

pytestmark = pytest.mark.django_db


def _member(tz: str = "Africa/Lagos"):
    user = UserFactory()
    services.time_zone_set(user=user, time_zone=tz)
    return user


def test_a_goal_keeps_its_milestones_and_cannot_target_a_past_date():
    user = _member()
    goal = services.goal_create(
        user=user,
        data=services.GoalData(title="Land a backend role", target_date=date(2099, 6, 30),
                               milestones=["Finish the Django course", "Build an API", "Finish the Django course"]),
    )  # fmt: skip

    assert [m.title for m in goal.milestones.all()] == ["Finish the Django course", "Build an API"]
    with pytest.raises(ValidationError, match="target date has passed"):
        services.goal_create(user=user, data=services.GoalData(title="Old", target_date=date(2000, 1, 1)))


def test_checking_in_twice_the_same_day_counts_once():
    user = _member()
    habit = services.habit_create(user=user, name="Code for 30 minutes", cadence="daily")

    assert services.habit_check_in(habit=habit, user=user) is True
    assert services.habit_check_in(habit=habit, user=user) is False
    assert CheckIn.objects.filter(habit=habit).count() == 1


def test_a_check_in_just_before_midnight_in_lagos_counts_for_that_lagos_day():
    user = _member("Africa/Lagos")
    habit = services.habit_create(user=user, name="Read", cadence="daily")

    services.habit_check_in(
        habit=habit, user=user, now=datetime(2027, 1, 5, 22, 50, tzinfo=UTC)
    )  # 23:50 Lagos
    services.habit_check_in(
        habit=habit, user=user, now=datetime(2027, 1, 5, 23, 10, tzinfo=UTC)
    )  # 00:10 Lagos

    assert sorted(CheckIn.objects.filter(habit=habit).values_list("day", flat=True)) == [
        date(2027, 1, 5),
        date(2027, 1, 6),
    ]
    [row] = selectors.habit_rows(user=user, today=date(2027, 1, 6))
    assert (row.streak, row.done_now) == (2, True)


def test_the_same_moment_is_a_different_day_for_a_member_in_new_york():
    user = _member("America/New_York")
    habit = services.habit_create(user=user, name="Read", cadence="daily")

    services.habit_check_in(
        habit=habit, user=user, now=datetime(2027, 1, 6, 3, 0, tzinfo=UTC)
    )  # 22:00 on the 5th

    assert CheckIn.objects.get(habit=habit).day == date(2027, 1, 5)


def test_a_weekly_habit_is_checked_in_once_per_week():
    user = _member()
    habit = services.habit_create(user=user, name="Write a blog post", cadence="weekly")

    assert services.habit_check_in(habit=habit, user=user, now=datetime(2027, 1, 5, 10, tzinfo=UTC)) is True
    assert services.habit_check_in(habit=habit, user=user, now=datetime(2027, 1, 9, 10, tzinfo=UTC)) is False
    assert CheckIn.objects.get(habit=habit).day == date(2027, 1, 4)


def test_two_active_habits_cannot_share_a_name():
    user = _member()
    services.habit_create(user=user, name="Read", cadence="daily")

    with pytest.raises(ValidationError, match="already have"):
        services.habit_create(user=user, name="Read", cadence="weekly")


def test_nobody_checks_in_on_someone_elses_habit():
    habit = services.habit_create(user=_member(), name="Read", cadence="daily")

    with pytest.raises(PermissionDenied):
        services.habit_check_in(habit=habit, user=UserFactory())


def test_a_reflection_is_one_per_week_and_private_by_default():
    user = _member()
    now = datetime(2027, 1, 6, 12, tzinfo=UTC)

    services.reflection_save(user=user, data=services.ReflectionData(went_well="Shipped"), now=now)
    reflection = services.reflection_save(
        user=user, data=services.ReflectionData(went_well="Shipped twice"), now=now
    )

    assert Reflection.objects.filter(user=user).count() == 1
    assert reflection.week_start == date(2027, 1, 4) and reflection.went_well == "Shipped twice"
    assert reflection.shared_with_mentor is False


def test_an_empty_reflection_is_refused():
    with pytest.raises(ValidationError, match="at least one"):
        services.reflection_save(user=_member(), data=services.ReflectionData(went_well="   "))


def test_a_mentor_sees_only_the_reflections_shared_and_only_while_mentoring():
    mentorship = make_mentorship()
    mentee = mentorship.mentee
    services.reflection_save(
        user=mentee, data=services.ReflectionData(went_well="Private"), now=datetime(2027, 1, 6, tzinfo=UTC)
    )
    services.reflection_save(
        user=mentee,
        data=services.ReflectionData(went_well="Shared", shared_with_mentor=True),
        now=datetime(2027, 1, 13, tzinfo=UTC),
    )

    assert [r.went_well for r in selectors.shared_reflections(mentorship=mentorship)] == ["Shared"]
    services.mentorship_end(mentorship=mentorship, by=mentee)
    mentorship.refresh_from_db()
    assert selectors.shared_reflections(mentorship=mentorship) == []


def test_the_coach_reads_goals_habits_and_reflections_and_plans_from_them():
    user = _member()
    services.goal_create(
        user=user,
        data=services.GoalData(
            title="Land a backend role", target_date=date(2099, 1, 1), milestones=["Build an API"]
        ),
    )
    services.habit_create(user=user, name="Code for 30 minutes", cadence="daily")
    services.reflection_save(user=user, data=services.ReflectionData(next_focus="SQL joins"))

    context = coaching_context(user=user)
    plan = local_plan(context)

    assert "Land a backend role" in context.as_text() and "SQL joins" in context.as_text()
    assert "Build an API" in plan
    assert "SQL joins" in plan
    assert "Code for 30 minutes" in plan


def test_the_coach_reads_nobody_elses_coaching():
    user = _member()
    other = _member()
    services.habit_create(user=other, name="Secret habit", cadence="daily")

    assert "Secret habit" not in coaching_context(user=user).as_text()


def test_a_plan_is_proposed_then_kept_or_discarded_once():
    user = _member()
    plan = services.coach_plan_propose(user=user)

    assert plan.status == CoachPlan.Status.PROPOSED and plan.backend == "local"
    services.coach_plan_decide(plan=plan, user=user, keep=True)
    with pytest.raises(ValidationError):
        services.coach_plan_decide(plan=plan, user=user, keep=False)
    second = services.coach_plan_propose(user=user)
    services.coach_plan_decide(plan=second, user=user, keep=True)
    plan.refresh_from_db()
    assert plan.status == CoachPlan.Status.DISCARDED  # one kept plan per week


def test_the_coach_uses_the_llm_backend_when_configured_and_falls_back_offline(settings, monkeypatch):
    from apps.mentor import backends

    settings.MENTOR_BACKEND = "openai"
    user = _member()
    seen = {}

    def complete(*, system, user):
        seen["context"] = user
        return "- Do one thing well."

    monkeypatch.setattr(backends, "complete", complete)
    services.habit_create(user=user, name="Stretch", cadence="daily")
    plan = services.coach_plan_propose(user=user)
    assert (plan.text, plan.backend) == ("- Do one thing well.", "openai")
    assert "Stretch" in seen["context"]

    def failing(**kwargs):
        raise backends.BackendError("timeout")

    monkeypatch.setattr(backends, "complete", failing)
    assert services.coach_plan_propose(user=user).backend == "local"


def test_archived_habits_leave_the_page_and_the_streaks():
    user = _member()
    habit = services.habit_create(user=user, name="Read", cadence="daily")
    services.habit_archive(habit=habit, user=user)

    assert selectors.habit_rows(user=user, today=date.today()) == []
    assert Habit.objects.filter(pk=habit.pk, archived=True).exists()


def test_the_weekly_chart_counts_check_ins_per_week_for_twelve_weeks():
    user = _member()
    habit = services.habit_create(user=user, name="Read", cadence="daily")
    today = date(2027, 3, 10)
    for offset in (0, 1, 8, 100):
        CheckIn.objects.create(habit=habit, day=today - timedelta(days=offset))

    bars = selectors.weekly_chart(user=user, today=today)

    assert len(bars) == 12 and bars[-1].week_start == date(2027, 3, 8)
    assert [b.check_ins for b in bars[-2:]] == [1, 2]
    assert sum(b.check_ins for b in bars) == 3  # 100 days ago is outside the chart


def test_the_coach_reads_the_goals_on_the_members_profile():
    from apps.profiles.models import Profile
    from apps.profiles.services import profile_get_or_create

    user = _member()
    profile_get_or_create(user=user)
    Profile.objects.filter(user=user).update(goals="Become a data engineer within a year")

    assert (
        "Goals on their profile: Become a data engineer within a year"
        in coaching_context(user=user).as_text()
    )
