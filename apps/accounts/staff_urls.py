from django.urls import path

from apps.accounts import views

app_name = "staff"

urlpatterns = [
    path("", views.staff_index, name="index"),
]
