"""The projects app's writes, by section:

- `showcase`: creating, editing and deleting projects, likes, saves, hackathon publishing
- `members`: invitations, requests to join, leaving, removing, roles, ownership transfer
- `board`: tasks (create, update, move, watch) and their activity entries
- `github`: repository link, webhook secret, signed deliveries, commits, pull requests, sync
"""

from apps.projects.services.board import (
    activity_record,
    task_create,
    task_delete,
    task_move,
    task_update,
    task_watch_set,
)
from apps.projects.services.github import (
    DeliveryRefused,
    delivery_process,
    delivery_receive,
    github_commits_sync,
    github_link,
    github_secret_rotate,
    payload_parse,
    signature_valid,
)
from apps.projects.services.members import (
    invitation_decide,
    join_ask,
    join_request_cancel,
    join_request_decide,
    member_invite,
    member_leave,
    member_remove,
    member_role_set,
    ownership_transfer,
)
from apps.projects.services.showcase import (
    MAX_TECHNOLOGIES,
    PROJECT_FIELDS,
    project_create,
    project_delete,
    project_like_set,
    project_publish_from_hackathon,
    project_save_set,
    project_update,
)

__all__ = [
    "MAX_TECHNOLOGIES",
    "PROJECT_FIELDS",
    "DeliveryRefused",
    "activity_record",
    "delivery_process",
    "delivery_receive",
    "github_commits_sync",
    "github_link",
    "github_secret_rotate",
    "invitation_decide",
    "join_ask",
    "join_request_cancel",
    "join_request_decide",
    "member_invite",
    "member_leave",
    "member_remove",
    "member_role_set",
    "ownership_transfer",
    "payload_parse",
    "project_create",
    "project_delete",
    "project_like_set",
    "project_publish_from_hackathon",
    "project_save_set",
    "project_update",
    "signature_valid",
    "task_create",
    "task_delete",
    "task_move",
    "task_update",
    "task_watch_set",
]
