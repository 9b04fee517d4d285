from __future__ import annotations

from django.urls import path

from apps.hackathons.views import browse, judging, organise, taking_part

app_name = "hackathons"

urlpatterns = [
    path("", browse.hackathon_list, name="list"),
    path("new/", organise.hackathon_create, name="create"),
    path("<slug:slug>/", browse.hackathon_detail, name="detail"),
    path("<slug:slug>/calendar.ics", browse.hackathon_calendar, name="calendar"),
    path("<slug:slug>/leaderboard/", browse.leaderboard, name="leaderboard"),
    path("<slug:slug>/join/", taking_part.join, name="join"),
    path("<slug:slug>/leave/", taking_part.leave, name="leave"),
    path("<slug:slug>/teams/", taking_part.teams, name="teams"),
    path("<slug:slug>/teams/join/", taking_part.team_join_code, name="team-join-code"),
    path("<slug:slug>/teams/join/<str:code>/", taking_part.team_join_link, name="team-join-link"),
    path("<slug:slug>/teams/<int:team_id>/", taking_part.team_detail, name="team-detail"),
    path("<slug:slug>/teams/<int:team_id>/request/", taking_part.team_request, name="team-request"),
    path(
        "<slug:slug>/teams/<int:team_id>/requests/<int:request_id>/",
        taking_part.request_decide,
        name="request-decide",
    ),
    path("<slug:slug>/teams/<int:team_id>/leave/", taking_part.team_leave, name="team-leave"),
    path("<slug:slug>/submit/", taking_part.submit, name="submit"),
    path("<slug:slug>/judging/", judging.judging_list, name="judging"),
    path("<slug:slug>/judging/<int:submission_id>/", judging.score, name="score"),
    path("<slug:slug>/edit/", organise.hackathon_edit, name="edit"),
    path("<slug:slug>/manage/", organise.manage, name="manage"),
    path("<slug:slug>/manage/<str:kind>/", organise.manage_add, name="manage-add"),
    path("<slug:slug>/manage/<str:kind>/<int:pk>/delete/", organise.manage_delete, name="manage-delete"),
    path("<slug:slug>/publish/", organise.publish, name="publish"),
]
