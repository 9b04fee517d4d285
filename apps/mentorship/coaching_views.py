"""The coaching page (/coaching/): goals, habits, reflections, the 12-week chart and the coach.
Everything on it is the member's own; nobody else can open any of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors, message_service_error
from apps.mentorship import chart, selectors, services, times
from apps.mentorship.forms import GoalForm, HabitForm, MilestoneForm, ReflectionForm, TimeZoneForm
from apps.mentorship.models import CoachPlan, Goal, Habit, Milestone

WRITE_RATE = setting_rate("MENTORSHIP_WRITE_RATE")
HOME = "coaching:home"
REFLECTIONS_SHOWN = 6


def _page(request: HtmxHttpRequest, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    tz_name = selectors.member_time_zone(user)
    today = times.today_for(tz_name)
    week = times.week_start(today)
    # One reflection a week at most, newest first: the chart's weeks, this week's and the
    # list's come from one read (one more, in case a change of zone put one a week ahead).
    recent = selectors.reflections_of(user=user, limit=selectors.CHART_WEEKS + 1)
    this_week = next((r for r in recent if r.week_start == week), None)
    bars = selectors.weekly_chart(user=user, today=today, reflected={r.week_start for r in recent})
    context = {
        "viewer_tz": tz_name,
        "today": today,
        "goals": list(selectors.goals_of(user=user)),
        "habits": selectors.habit_rows(user=user, today=today),
        "reflections": recent[:REFLECTIONS_SHOWN],
        "plans": selectors.plans_of(user=user),
        "bars": bars,
        "chart": chart.weekly_bars(bars),
        "goal_form": forms.get("goal_form") or GoalForm(),
        "habit_form": forms.get("habit_form") or HabitForm(),
        "reflection_form": forms.get("reflection_form")
        or ReflectionForm(initial=_reflection_initial(this_week)),
        "tz_form": forms.get("tz_form") or TimeZoneForm(initial={"time_zone": tz_name}),
        "milestone_form": MilestoneForm(),
    }
    return render_page(request, "mentorship/coaching.html", context, status=status)


def _reflection_initial(reflection) -> dict:
    if reflection is None:
        return {}
    return {f: getattr(reflection, f) for f in ("went_well", "was_hard", "next_focus", "shared_with_mentor")}


@private_page
@login_required
@require_safe
def home(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request)


def _typed_form(request, form, *, group: str, name: str, save, success: str) -> HttpResponse:
    """Validate a form people type into, save it through `save(form)`, count it against the
    member's budget only when saved; a limited or refused one comes back as it was typed."""
    rate = form_budget(group, "MENTORSHIP_WRITE_RATE", key="user")
    wait = form_rate_wait(request, **rate)
    if form.is_valid() and not wait:
        try:
            save(form)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            form_rate_count(request, **rate)
            messages.success(request, success)
            return redirect_after_post(request, HOME)
    if wait:
        form.add_error(None, form_rate_message(wait, account=True))
    return _page(request, status=429 if wait else 200, **{name: form})


@private_page
@login_required
@require_POST
def goal_create(request: HtmxHttpRequest) -> HttpResponse:
    return _typed_form(
        request, GoalForm(request.POST), group="coaching.goal", name="goal_form",
        save=lambda f: services.goal_create(user=request.user, data=f.to_data()), success="Goal added.",
    )  # fmt: skip


@private_page
@login_required
@require_POST
def habit_create(request: HtmxHttpRequest) -> HttpResponse:
    return _typed_form(
        request, HabitForm(request.POST), group="coaching.habit", name="habit_form",
        save=lambda f: services.habit_create(user=request.user, **f.cleaned_data), success="Habit added.",
    )  # fmt: skip


@private_page
@login_required
@require_POST
def reflection_save(request: HtmxHttpRequest) -> HttpResponse:
    return _typed_form(
        request, ReflectionForm(request.POST), group="coaching.reflection", name="reflection_form",
        save=lambda f: services.reflection_save(user=request.user, data=f.to_data()),
        success="Reflection saved.",
    )  # fmt: skip


@private_page
@login_required
@require_POST
def time_zone_set(request: HtmxHttpRequest) -> HttpResponse:
    return _typed_form(
        request, TimeZoneForm(request.POST), group="coaching.tz", name="tz_form",
        save=lambda f: services.time_zone_set(user=request.user, time_zone=f.cleaned_data["time_zone"]),
        success="Time zone saved.",
    )  # fmt: skip


def _button(request, call, success: str) -> HttpResponse:
    try:
        call()
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, success)
    return redirect_after_post(request, HOME)


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def milestone_add(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    goal = selectors.owned(Goal, user=request.user, pk=pk)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Name the milestone in at most 160 characters.")
        return redirect_after_post(request, HOME)
    return _button(request, lambda: services.milestone_add(goal=goal, user=request.user, **form.cleaned_data),
                   "Milestone added.")  # fmt: skip


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def milestone_done(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    milestone = selectors.owned(Milestone, user=request.user, pk=pk)
    done = request.POST.get("on") == "1"
    return _button(request, lambda: services.milestone_set_done(milestone=milestone, user=request.user, done=done),
                   "Milestone done. Well done!" if done else "Milestone reopened.")  # fmt: skip


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def goal_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    goal = selectors.owned(Goal, user=request.user, pk=pk)
    status = request.POST.get("status", "")
    return _button(request, lambda: services.goal_set_status(goal=goal, user=request.user, status=status),
                   "Goal updated.")  # fmt: skip


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def habit_check_in(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    habit = selectors.owned(Habit, user=request.user, pk=pk)
    return _button(request, lambda: services.habit_check_in(habit=habit, user=request.user),
                   f"Checked in: {habit.name}.")  # fmt: skip


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def habit_archive(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    habit = selectors.owned(Habit, user=request.user, pk=pk)
    return _button(request, lambda: services.habit_archive(habit=habit, user=request.user), "Habit archived.")


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("MENTORSHIP_COACH_RATE"), method="POST", block=True)
def coach_me(request: HtmxHttpRequest) -> HttpResponse:
    services.coach_plan_propose(user=request.user)
    messages.success(request, "Your coach proposed a plan for this week: keep it or discard it.")
    return redirect_after_post(request, HOME)


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=WRITE_RATE, method="POST", block=True)
def plan_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    plan = selectors.owned(CoachPlan, user=request.user, pk=pk)
    keep = request.POST.get("keep") == "1"
    return _button(request, lambda: services.coach_plan_decide(plan=plan, user=request.user, keep=keep),
                   "Plan kept for this week." if keep else "Plan discarded.")  # fmt: skip
