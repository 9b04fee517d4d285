"""`/hooks/…`: endpoints other services call (GitHub's webhook)."""

from django.urls import path

from apps.projects import views

app_name = "hooks"

urlpatterns = [path("github/<int:project>/", views.github_webhook, name="github")]
