"""/careers/…: the "How this works" page, the quiz and its history. The result page
(/careers/result/<id>/) is served by site_config/views.py in this namespace, because its next
steps come from other apps (see site_config/urls.py)."""

from __future__ import annotations

from django.urls import path

from apps.careers import views

app_name = "careers"

urlpatterns = [
    path("", views.how, name="how"),
    path("quiz/", views.quiz, name="quiz"),
    path("quiz/start/", views.quiz_start, name="quiz-start"),
    path("quiz/autosave/", views.quiz_autosave, name="quiz-autosave"),
    path("history/", views.history, name="history"),
    path("result/<int:pk>/share/", views.result_share, name="result-share"),
]
