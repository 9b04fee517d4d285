from django.urls import path

from apps.projects import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create_view, name="create"),
    path("saved/", views.project_saved, name="saved"),
    path("mine/", views.project_mine, name="mine"),
    path("open/", views.project_open, name="open"),
    path("invitations/", views.project_mine, name="invitations"),
    path("invitations/<int:invitation_id>/", views.invitation_decide_view, name="invitation-decide"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/delete/", views.project_delete_view, name="delete"),
    path("<int:pk>/like/", views.project_like, name="like"),
    path("<int:pk>/save/", views.project_save, name="save"),
    # Members
    path("<int:pk>/members/", views.members_page, name="members"),
    path("<int:pk>/members/invite/", views.member_invite_view, name="invite"),
    path("<int:pk>/members/leave/", views.member_leave_view, name="leave"),
    path("<int:pk>/members/transfer/", views.ownership_transfer_view, name="transfer"),
    path("<int:pk>/members/<int:member_id>/remove/", views.member_remove_view, name="member-remove"),
    path("<int:pk>/members/<int:member_id>/role/", views.member_role_view, name="member-role"),
    path("<int:pk>/join/", views.join_ask_view, name="join"),
    path("<int:pk>/requests/<int:request_id>/", views.join_request_decide_view, name="request-decide"),
    path("<int:pk>/requests/<int:request_id>/cancel/", views.join_request_cancel_view, name="request-cancel"),
    # Board
    path("<int:pk>/board/", views.board, name="board"),
    path("<int:pk>/tasks/", views.task_list, name="tasks"),
    path("<int:pk>/tasks/new/", views.task_create_view, name="task-create"),
    path("<int:pk>/tasks/<int:number>/", views.task_detail, name="task"),
    path("<int:pk>/tasks/<int:number>/edit/", views.task_edit, name="task-edit"),
    path("<int:pk>/tasks/<int:number>/move/", views.task_move_view, name="task-move"),
    path("<int:pk>/tasks/<int:number>/watch/", views.task_watch, name="task-watch"),
    path("<int:pk>/tasks/<int:number>/delete/", views.task_delete_view, name="task-delete"),
    # GitHub
    path("<int:pk>/github/", views.github_settings, name="github"),
    path("<int:pk>/github/secret/", views.github_secret_rotate_view, name="github-secret"),
    path("<int:pk>/github/sync/", views.github_sync_view, name="github-sync"),
]
