from django.urls import path

from apps.accounts import staff_views, views

app_name = "staff"

urlpatterns = [
    path("", views.staff_index, name="index"),
    path("two-factor/", staff_views.enrolment_list, name="two-factor"),
    path("two-factor/<int:user_id>/link/", staff_views.enrolment_issue, name="two-factor-link"),
]
