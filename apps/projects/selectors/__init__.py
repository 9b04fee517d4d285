"""The projects app's reads, by section:

- `showcase`: the showcase list, saved and open ("looking for contributors") projects, a
  member's projects, technology options, like and save state
- `board`: the board's columns, the task list, filters, a task's history, commits and pulls
- `members`: open invitations and requests to join
"""

from apps.projects.selectors.board import (
    Column,
    TaskFilters,
    board_column,
    board_columns,
    board_filter_options,
    commits_recent,
    project_members,
    task_detail,
    task_get,
    task_list,
)
from apps.projects.selectors.members import invitations_for, join_requests_open, my_open_request
from apps.projects.selectors.showcase import (
    SORTS,
    TECHNOLOGY_OPTIONS_KEY,
    MemberProjectStats,
    ViewerState,
    project_list,
    project_list_for_member,
    project_list_mine,
    project_list_open,
    project_list_saved,
    project_stats_for_member,
    project_technology_options,
    project_technology_options_invalidate,
    project_viewer_state,
)

__all__ = [
    "SORTS",
    "TECHNOLOGY_OPTIONS_KEY",
    "Column",
    "MemberProjectStats",
    "TaskFilters",
    "ViewerState",
    "board_column",
    "board_columns",
    "board_filter_options",
    "commits_recent",
    "invitations_for",
    "join_requests_open",
    "my_open_request",
    "project_list",
    "project_list_for_member",
    "project_list_mine",
    "project_list_open",
    "project_list_saved",
    "project_members",
    "project_stats_for_member",
    "project_technology_options",
    "project_technology_options_invalidate",
    "project_viewer_state",
    "task_detail",
    "task_get",
    "task_list",
]
