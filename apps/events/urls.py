from __future__ import annotations

from django.urls import path

from apps.events import views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("confirm/<str:token>/", views.submission_confirm, name="confirm"),
    path("status/<str:token>/", views.submission_status, name="status"),
    path("status/<str:token>/edit/", views.submission_edit, name="status-edit"),
    path("status/<str:token>/cancel/", views.submission_cancel, name="status-cancel"),
    path("status/<str:token>/delete/", views.submission_delete, name="status-delete"),
    path("status/<str:token>/ticket/", views.ticket, name="ticket"),
    path("<slug:slug>/", views.event_detail, name="event-detail"),
]
for kind, segment in views.FORM_SEGMENTS.items():
    urlpatterns += [
        path(f"<slug:slug>/{segment}/", views.submission_create, {"kind": kind}, name=f"{kind}-create"),
        path(f"<slug:slug>/{segment}/sent/", views.submission_sent, {"kind": kind}, name=f"{kind}-sent"),
    ]
