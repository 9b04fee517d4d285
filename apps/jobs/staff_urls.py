from __future__ import annotations

from django.urls import path

from apps.jobs import staff_views

app_name = "jobs_staff"

urlpatterns = [
    path("", staff_views.review_queue, name="queue"),
    path("<int:pk>/", staff_views.review, name="review"),
    path("<int:pk>/approve/", staff_views.approve, name="approve"),
    path("<int:pk>/reject/", staff_views.reject, name="reject"),
]
