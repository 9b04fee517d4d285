from __future__ import annotations

from django.urls import path

from apps.mentorship import coaching_views as views

app_name = "coaching"

urlpatterns = [
    path("", views.home, name="home"),
    path("time-zone/", views.time_zone_set, name="time-zone"),
    path("goals/", views.goal_create, name="goal-create"),
    path("goals/<int:pk>/status/", views.goal_status, name="goal-status"),
    path("goals/<int:pk>/milestones/", views.milestone_add, name="milestone-add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
    path("habits/", views.habit_create, name="habit-create"),
    path("habits/<int:pk>/check-in/", views.habit_check_in, name="habit-check-in"),
    path("habits/<int:pk>/archive/", views.habit_archive, name="habit-archive"),
    path("reflections/", views.reflection_save, name="reflection-save"),
    path("plan/", views.coach_me, name="coach-me"),
    path("plan/<int:pk>/", views.plan_decide, name="plan-decide"),
]
