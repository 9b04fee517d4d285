from django.urls import path  # noqa: F401

app_name = "mentor_staff"

urlpatterns: list = []
