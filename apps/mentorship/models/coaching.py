"""Coaching: goals with milestones, habits with check-ins, weekly reflections and the plans the
AI coach proposes. All of it belongs to one member; a reflection is private unless shared."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Goal(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_goals"
    )
    title = models.CharField(max_length=160)
    why = models.TextField(max_length=1000, blank=True, help_text="Markdown.")
    target_date = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "target_date", "pk"]
        indexes = [models.Index(fields=["user", "status", "target_date"], name="mentorship_goal_user_idx")]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=160)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["goal", "title"], name="mentorship_milestone_unique")]

    def __str__(self) -> str:
        return self.title


class Habit(models.Model):
    class Cadence(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_habits"
    )
    name = models.CharField(max_length=120)
    cadence = models.CharField(max_length=6, choices=Cadence.choices, default=Cadence.DAILY)
    archived = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"], condition=Q(archived=False), name="mentorship_habit_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CheckIn(models.Model):
    """One check-in per habit and period. `day` is the date in the member's time zone when
    they checked in (for a weekly habit, the Monday of that week), so a check-in at 23:30 in
    Lagos counts for that Lagos day whatever UTC says."""

    habit = models.ForeignKey(Habit, on_delete=models.CASCADE, related_name="check_ins")
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["habit", "day"], name="mentorship_checkin_once")]

    def __str__(self) -> str:
        return f"{self.habit_id} on {self.day}"


class Reflection(models.Model):
    """A weekly reflection (the week starts on the Monday in the member's time zone). Private
    to the member unless they share it with their mentors."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_reflections"
    )
    week_start = models.DateField()
    went_well = models.TextField(max_length=2000, blank=True, help_text="Markdown.")
    was_hard = models.TextField(max_length=2000, blank=True, help_text="Markdown.")
    next_focus = models.TextField(max_length=2000, blank=True, help_text="Markdown.")
    shared_with_mentor = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-week_start"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="mentorship_reflection_weekly")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} week of {self.week_start}"


class CoachPlan(models.Model):
    """A plan for the week the AI coach proposed; the member keeps or discards it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        KEPT = "kept", "Kept"
        DISCARDED = "discarded", "Discarded"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_plans")
    week_start = models.DateField()
    text = models.TextField(help_text="Markdown.")
    backend = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "status", "-created_at"], name="mentorship_plan_user_idx")]

    def __str__(self) -> str:
        return f"plan {self.pk} for {self.user_id}"
