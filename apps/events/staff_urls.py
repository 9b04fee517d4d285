from __future__ import annotations

from django.urls import path

from apps.events import staff_views

app_name = "events_staff"

urlpatterns = [
    path("", staff_views.event_list, name="event-list"),
    path("<slug:slug>/", staff_views.dashboard, name="dashboard"),
    path("<slug:slug>/check-in/", staff_views.check_in, name="check-in"),
    path("<slug:slug>/<str:kind>/", staff_views.submission_list, name="submission-list"),
    path("<slug:slug>/<str:kind>/export/", staff_views.export_create, name="export-create"),
    path("<slug:slug>/<str:kind>/<int:pk>/", staff_views.submission_detail, name="submission-detail"),
    path("<slug:slug>/<str:kind>/<int:pk>/decide/", staff_views.submission_decide, name="submission-decide"),
]
