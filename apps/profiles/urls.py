from django.urls import path

from apps.profiles import views

app_name = "profiles"

urlpatterns = [
    path("settings/profile/", views.profile_edit, name="edit"),
    path("settings/profile/skills/", views.skill_search, name="skill-search"),
    path("settings/profile/skills/add/", views.skill_chip, name="skill-chip"),
    path("settings/profile/rows/remove/", views.timeline_row_remove, name="row-remove"),
    path("settings/profile/rows/<str:kind>/", views.timeline_row_add, name="row-add"),
    path("leaderboard/", views.leaderboard, name="leaderboard"),
]
