"""The AI coach: a plan for the member's week from their own goals, habits and last
reflections (and the goals on their profile, when the profile has them).

Only the member's own coaching data is read, for the member themself; nothing else of theirs
and nobody else's. With MENTOR_BACKEND=openai the mentor's LLM backend writes the plan from
that context; otherwise, or when it fails, the offline coach below writes it from the same
context, so the button works without a network.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from apps.mentor import backends
from apps.mentorship import selectors, times
from apps.mentorship.models import Goal

logger = logging.getLogger(__name__)

SYSTEM = (
    "You are a kind, practical coach on DiceyTech, a tech community in Nigeria. From the member's "
    "goals, habits and reflections below, propose a plan for this week: at most five short "
    "Markdown bullet points, each one concrete and doable, most important first. Do not invent "
    "goals they did not write. Address them as 'you'."
)
REFLECTIONS_READ = 2


@dataclass(frozen=True)
class CoachingContext:
    today: date
    goals: list[dict]
    habits: list[dict]
    reflections: list[dict]
    profile_goals: str = ""

    def as_text(self) -> str:
        lines = [f"Today: {self.today:%A %-d %B %Y}."]
        if self.profile_goals:
            lines.append(f"Goals on their profile: {self.profile_goals}")
        for goal in self.goals:
            open_steps = "; ".join(goal["open_milestones"]) or "none"
            lines.append(f"Goal: {goal['title']} (target {goal['target_date']}, {goal['days_left']} days left; "
                         f"open milestones: {open_steps})")  # fmt: skip
        for habit in self.habits:
            lines.append(f"Habit: {habit['name']} ({habit['cadence']}), streak {habit['streak']}, "
                         f"done {'already' if habit['done_now'] else 'not yet'} this period")  # fmt: skip
        for reflection in self.reflections:
            lines.append(f"Reflection, week of {reflection['week_start']}: went well: {reflection['went_well']}; "
                         f"was hard: {reflection['was_hard']}; next focus: {reflection['next_focus']}")  # fmt: skip
        return "\n".join(lines)


def _profile_goals(user) -> str:
    """The free-text goals on the member's profile, when the profiles app has that field."""
    from apps.profiles.models import Profile

    if not any(f.name == "goals" for f in Profile._meta.get_fields()):
        return ""
    value = Profile.objects.filter(user=user).values_list("goals", flat=True).first()
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value or "")[:500]


def coaching_context(*, user, now: datetime | None = None) -> CoachingContext:
    today = times.today_for(selectors.member_time_zone(user), now=now)
    goals = [
        {
            "title": g.title,
            "target_date": g.target_date.isoformat(),
            "days_left": (g.target_date - today).days,
            "open_milestones": [m.title for m in g.milestones.all() if m.done_at is None],
        }
        for g in selectors.goals_of(user=user).filter(status=Goal.Status.ACTIVE)
    ]
    habits = [
        {"name": r.habit.name, "cadence": r.habit.cadence, "streak": r.streak, "done_now": r.done_now}
        for r in selectors.habit_rows(user=user, today=today)
    ]
    reflections = [
        {
            "week_start": r.week_start.isoformat(),
            "went_well": r.went_well,
            "was_hard": r.was_hard,
            "next_focus": r.next_focus,
        }
        for r in selectors.reflections_of(user=user, limit=REFLECTIONS_READ)
    ]
    return CoachingContext(today, goals, habits, reflections, _profile_goals(user))


def local_plan(context: CoachingContext) -> str:
    """The offline coach: the nearest goal's next milestone, the habits to restart or keep, and
    the focus the member named last week."""
    bullets: list[str] = []
    for goal in sorted(context.goals, key=lambda g: g["days_left"])[:2]:
        if goal["open_milestones"]:
            bullets.append(f"**{goal['title']}**: finish “{goal['open_milestones'][0]}” "
                           f"({goal['days_left']} days to the target date).")  # fmt: skip
        else:
            bullets.append(
                f"**{goal['title']}**: every milestone is done. Mark the goal done, or add the next step."
            )
    for reflection in context.reflections[:1]:
        if reflection["next_focus"]:
            bullets.append(
                f"You said you would focus on: {reflection['next_focus'][:200]}. Block an hour for it on Monday."
            )
        if reflection["was_hard"]:
            bullets.append(
                "Last week something was hard: ask your mentor about it, or break it into a smaller first step."
            )
    for habit in context.habits:
        if habit["streak"] == 0:
            when = "today" if habit["cadence"] == "daily" else "this week"
            bullets.append(f"Restart “{habit['name']}” {when}: a small version counts.")
        elif not habit["done_now"]:
            bullets.append(
                f"Keep your {habit['streak']}-long streak on “{habit['name']}” going: check in today."
            )
    if not bullets:
        bullets.append(
            "Add a goal with a target date and one habit that moves it forward; the coach plans from them."
        )
    return "\n".join(f"- {b}" for b in bullets[:5])


def plan_for(*, user, now: datetime | None = None) -> tuple[str, str]:
    """(plan in Markdown, the backend that wrote it)."""
    context = coaching_context(user=user, now=now)
    if backends.configured_backend() == "openai":
        try:
            return backends.complete(system=SYSTEM, user=context.as_text()), "openai"
        except backends.BackendError as exc:
            logger.warning("coach: LLM backend failed, planning offline: %s", exc)
    return local_plan(context), "local"
