from __future__ import annotations

from django.urls import path

from apps.mentorship import views

app_name = "mentorship"

urlpatterns = [
    path("", views.mentor_list, name="mentor-list"),
    path("me/", views.mine, name="mine"),
    path("volunteer/", views.mentor_edit, name="mentor-edit"),
    path("volunteer/times/", views.slot_add, name="slot-add"),
    path("volunteer/times/<int:pk>/remove/", views.slot_remove, name="slot-remove"),
    path("mentorships/<int:pk>/", views.mentorship_detail, name="mentorship-detail"),
    path("mentorships/<int:pk>/book/", views.session_book, name="session-book"),
    path(
        "mentorships/<int:pk>/<str:action>/",
        views.mentorship_action,
        name="mentorship-action",
    ),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/invite.ics", views.session_ics, name="session-ics"),
    path("sessions/<int:pk>/cancel/", views.session_cancel, name="session-cancel"),
    path("sessions/<int:pk>/move/", views.session_reschedule, name="session-reschedule"),
    path("sessions/<int:pk>/note/", views.session_note, name="session-note"),
    path("<str:handle>/", views.mentor_detail, name="mentor-detail"),
    path("<str:handle>/request/", views.mentor_request, name="mentor-request"),
]
