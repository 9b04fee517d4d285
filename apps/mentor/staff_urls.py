from __future__ import annotations

from django.urls import path

from apps.mentor import views

app_name = "mentor_staff"

urlpatterns = [
    path("", views.staff_dashboard, name="dashboard"),
]
