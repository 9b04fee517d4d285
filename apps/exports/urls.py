from __future__ import annotations

from django.urls import path

from apps.exports import views

app_name = "exports"

urlpatterns = [
    path("<int:pk>/", views.export_status, name="export-status"),
    path("<int:pk>/download/", views.export_download, name="export-download"),
]
