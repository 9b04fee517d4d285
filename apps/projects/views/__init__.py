"""The projects app's pages, by section:

- `showcase`: the showcase list, a project page, create/edit/delete, like, save, saved,
  "my projects" and the "looking for contributors" list
- `members`: the members page, invitations, requests to join, leaving, roles, ownership
- `board`: the task board, the task list, a task page with its HTMX panel, moves, watching
- `github`: the repository settings page and the webhook
"""

from apps.projects.views.board import (
    board,
    task_create_view,
    task_delete_view,
    task_detail,
    task_edit,
    task_list,
    task_move_view,
    task_watch,
)
from apps.projects.views.github import (
    github_secret_rotate_view,
    github_settings,
    github_sync_view,
    github_webhook,
)
from apps.projects.views.members import (
    invitation_decide_view,
    join_ask_view,
    join_request_cancel_view,
    join_request_decide_view,
    member_invite_view,
    member_leave_view,
    member_remove_view,
    member_role_view,
    members_page,
    ownership_transfer_view,
)
from apps.projects.views.showcase import (
    project_create_view,
    project_delete_view,
    project_detail,
    project_edit,
    project_like,
    project_list,
    project_mine,
    project_open,
    project_save,
    project_saved,
)

__all__ = [
    "board",
    "github_secret_rotate_view",
    "github_settings",
    "github_sync_view",
    "github_webhook",
    "invitation_decide_view",
    "join_ask_view",
    "join_request_cancel_view",
    "join_request_decide_view",
    "member_invite_view",
    "member_leave_view",
    "member_remove_view",
    "member_role_view",
    "members_page",
    "ownership_transfer_view",
    "project_create_view",
    "project_delete_view",
    "project_detail",
    "project_edit",
    "project_like",
    "project_list",
    "project_mine",
    "project_open",
    "project_save",
    "project_saved",
    "task_create_view",
    "task_delete_view",
    "task_detail",
    "task_edit",
    "task_list",
    "task_move_view",
    "task_watch",
]
