from __future__ import annotations

from django.urls import path

from apps.learning import instructor_views, views

app_name = "learning"

urlpatterns = [
    path("", views.course_list, name="course-list"),
    path("runner.py", views.runner_script, name="runner"),
    path("new/", instructor_views.course_create, name="course-create"),
    path("<slug:slug>/", views.course_detail, name="course-detail"),
    path("<slug:slug>/enrol/", views.course_enrol, name="course-enrol"),
    path("<slug:slug>/continue/", views.course_continue, name="course-continue"),
    path("<slug:slug>/edit/", instructor_views.course_edit, name="course-edit"),
    path("<slug:slug>/modules/new/", instructor_views.module_create, name="module-create"),
    path("<slug:slug>/modules/<int:pk>/edit/", instructor_views.module_edit, name="module-edit"),
    path("<slug:slug>/modules/<int:pk>/lessons/new/", instructor_views.lesson_create, name="lesson-create"),
    path(
        "<slug:slug>/modules/<int:pk>/exercises/new/",
        instructor_views.exercise_create,
        name="exercise-create",
    ),
    path("<slug:slug>/lessons/<int:pk>/", views.lesson_detail, name="lesson-detail"),
    path("<slug:slug>/lessons/<int:pk>/complete/", views.lesson_complete, name="lesson-complete"),
    path("<slug:slug>/lessons/<int:pk>/edit/", instructor_views.lesson_edit, name="lesson-edit"),
    path("<slug:slug>/exercises/<int:pk>/", views.exercise_detail, name="exercise-detail"),
    path("<slug:slug>/exercises/<int:pk>/submit/", views.exercise_submit, name="exercise-submit"),
    path("<slug:slug>/exercises/<int:pk>/edit/", instructor_views.exercise_edit, name="exercise-edit"),
    path("<slug:slug>/attempts/<int:pk>/", views.attempt_detail, name="attempt-detail"),
]
