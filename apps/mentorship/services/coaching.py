"""Coaching writes: goals and milestones, habits and check-ins, weekly reflections, and the
plans the AI coach proposes (kept or discarded by the member)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.mentorship import times
from apps.mentorship.models import CheckIn, CoachPlan, Goal, Habit, Milestone, Reflection
from apps.mentorship.selectors import member_time_zone

MAX_MILESTONES = 12
MAX_ACTIVE_HABITS = 12


def _own(obj, user) -> None:
    if obj.user_id != user.pk:
        raise PermissionDenied


@dataclass
class GoalData:
    title: str
    target_date: date
    why: str = ""
    milestones: list[str] = field(default_factory=list)


@transaction.atomic
def goal_create(*, user, data: GoalData, now: datetime | None = None) -> Goal:
    today = times.today_for(member_time_zone(user), now=now)
    if data.target_date < today:
        raise ValidationError({"target_date": "The target date has passed. Choose today or a later day."})
    goal = Goal(user=user, title=data.title.strip(), why=data.why, target_date=data.target_date)
    goal.full_clean()
    goal.save()
    titles = list(dict.fromkeys(t.strip()[:160] for t in data.milestones if t.strip()))[:MAX_MILESTONES]
    Milestone.objects.bulk_create([Milestone(goal=goal, title=t) for t in titles])
    return goal


@transaction.atomic
def goal_set_status(*, goal: Goal, user, status: str) -> Goal:
    _own(goal, user)
    if status not in Goal.Status.values:
        raise ValidationError("Choose active, done or dropped.")
    goal.status = status
    goal.save(update_fields=["status"])
    return goal


def milestone_add(*, goal: Goal, user, title: str) -> Milestone:
    _own(goal, user)
    if goal.milestones.count() >= MAX_MILESTONES:
        raise ValidationError({"title": f"A goal has at most {MAX_MILESTONES} milestones."})
    milestone = Milestone(goal=goal, title=title.strip())
    milestone.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            milestone.save()
    except IntegrityError as exc:
        raise ValidationError({"title": "This goal already has that milestone."}) from exc
    return milestone


@transaction.atomic
def milestone_set_done(*, milestone: Milestone, user, done: bool) -> bool:
    """Mark a milestone done or not done; returns whether anything changed."""
    _own(milestone.goal, user)
    if done == (milestone.done_at is not None):
        return False
    milestone.done_at = timezone.now() if done else None
    milestone.save(update_fields=["done_at"])
    return True


def habit_create(*, user, name: str, cadence: str) -> Habit:
    if Habit.objects.filter(user=user, archived=False).count() >= MAX_ACTIVE_HABITS:
        raise ValidationError(
            {"name": f"Keep at most {MAX_ACTIVE_HABITS} habits at once: archive one first."}
        )
    habit = Habit(user=user, name=name.strip(), cadence=cadence)
    habit.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            habit.save()
    except IntegrityError as exc:
        raise ValidationError({"name": "You already have a habit with that name."}) from exc
    return habit


@transaction.atomic
def habit_archive(*, habit: Habit, user) -> Habit:
    _own(habit, user)
    habit.archived = True
    habit.save(update_fields=["archived"])
    return habit


def habit_check_in(*, habit: Habit, user, now: datetime | None = None) -> bool:
    """Check in for today (a daily habit) or this week (a weekly one), in the member's zone.
    Idempotent: returns whether a check-in was added."""
    _own(habit, user)
    if habit.archived:
        raise ValidationError("This habit is archived.")
    today = times.today_for(member_time_zone(user), now=now)
    try:
        with transaction.atomic():
            CheckIn.objects.create(habit=habit, day=times.period_for(habit.cadence, today))
    except IntegrityError:
        return False
    return True


@dataclass
class ReflectionData:
    went_well: str = ""
    was_hard: str = ""
    next_focus: str = ""
    shared_with_mentor: bool = False


@transaction.atomic
def reflection_save(*, user, data: ReflectionData, now: datetime | None = None) -> Reflection:
    """This week's reflection (the week in the member's zone), created or updated."""
    if not (data.went_well.strip() or data.was_hard.strip() or data.next_focus.strip()):
        raise ValidationError("Write at least one of the three answers.")
    week = times.week_start(times.today_for(member_time_zone(user), now=now))
    reflection = Reflection.objects.select_for_update().filter(user=user, week_start=week).first()
    reflection = reflection or Reflection(user=user, week_start=week)
    reflection.went_well = data.went_well.strip()
    reflection.was_hard = data.was_hard.strip()
    reflection.next_focus = data.next_focus.strip()
    reflection.shared_with_mentor = data.shared_with_mentor
    reflection.full_clean(validate_constraints=False)
    reflection.save()
    return reflection


# --- The AI coach --------------------------------------------------------------------------


def coach_plan_propose(*, user, now: datetime | None = None) -> CoachPlan:
    """Ask the coach for a plan for this week. The backend is called outside any transaction
    (an LLM may take seconds); the plan is stored as proposed."""
    from apps.mentorship.coach import plan_for

    text, backend = plan_for(user=user, now=now)
    week = times.week_start(times.today_for(member_time_zone(user), now=now))
    return CoachPlan.objects.create(user=user, week_start=week, text=text, backend=backend)


@transaction.atomic
def coach_plan_decide(*, plan: CoachPlan, user, keep: bool) -> CoachPlan:
    """Keep the plan (an earlier kept plan of the same week is discarded) or discard it."""
    plan = CoachPlan.objects.select_for_update().get(pk=plan.pk)
    _own(plan, user)
    if plan.status != CoachPlan.Status.PROPOSED:
        raise ValidationError("This plan was already kept or discarded.")
    if keep:
        CoachPlan.objects.filter(user=user, week_start=plan.week_start, status=CoachPlan.Status.KEPT).update(
            status=CoachPlan.Status.DISCARDED
        )
    plan.status = CoachPlan.Status.KEPT if keep else CoachPlan.Status.DISCARDED
    plan.save(update_fields=["status"])
    return plan
