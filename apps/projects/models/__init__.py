"""The projects app's models, by section:

- `showcase`: Project (the showcase card and the workspace settings), ProjectLike, ProjectSave
- `members`: ProjectMember (a role on a project), JoinRequest (invitations and requests to join)
- `board`: Task, Label, TaskActivity
- `github`: WebhookDelivery, Commit, PullRequest
"""

from apps.projects.models.board import Label, Task, TaskActivity, TaskQuerySet
from apps.projects.models.github import Commit, PullRequest, WebhookDelivery
from apps.projects.models.members import JoinRequest, ProjectMember
from apps.projects.models.showcase import Project, ProjectLike, ProjectQuerySet, ProjectSave

__all__ = [
    "Commit",
    "JoinRequest",
    "Label",
    "Project",
    "ProjectLike",
    "ProjectMember",
    "ProjectQuerySet",
    "ProjectSave",
    "PullRequest",
    "Task",
    "TaskActivity",
    "TaskQuerySet",
    "WebhookDelivery",
]
