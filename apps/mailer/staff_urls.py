from __future__ import annotations

from django.urls import path

from apps.mailer import views

app_name = "mailer_staff"

urlpatterns = [
    path("", views.outbox_email_list, name="outbox-list"),
    path("<int:pk>/retry/", views.outbox_email_retry, name="outbox-retry"),
    path("<int:pk>/preview/", views.outbox_email_preview, name="outbox-preview"),
]
