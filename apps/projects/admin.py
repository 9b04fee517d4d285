from __future__ import annotations

from django.contrib import admin

from apps.projects.models import (
    Commit,
    JoinRequest,
    Project,
    ProjectMember,
    PullRequest,
    Task,
    WebhookDelivery,
)


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    raw_id_fields = ["member"]
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "project_type",
        "visibility",
        "status",
        "creator",
        "likes_count",
        "is_featured",
        "created",
    ]
    list_filter = ["category", "project_type", "visibility", "status", "is_featured"]
    list_editable = ["is_featured"]
    search_fields = ["title", "creator__handle"]
    list_select_related = ["creator"]
    raw_id_fields = ["creator", "hackathon"]
    filter_horizontal = ["technologies", "wanted_skills"]
    readonly_fields = ["likes_count", "source_key", "next_task_number", "github_synced", "created", "updated"]
    inlines = [ProjectMemberInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "status", "priority", "due_on", "updated"]
    list_filter = ["status", "priority"]
    search_fields = ["title", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project", "assignees", "watchers", "labels", "created_by"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["project", "member", "direction", "role", "state", "created"]
    list_filter = ["direction", "state"]
    raw_id_fields = ["project", "member", "invited_by", "decided_by"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ["delivery_id", "project", "event", "received", "processed", "result"]
    list_filter = ["event"]
    raw_id_fields = ["project"]
    readonly_fields = ["payload"]


@admin.register(Commit)
class CommitAdmin(admin.ModelAdmin):
    list_display = ["short_sha", "project", "branch", "author_login", "committed"]
    search_fields = ["sha", "message"]
    raw_id_fields = ["project", "author", "tasks"]


@admin.register(PullRequest)
class PullRequestAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "project", "state", "updated"]
    raw_id_fields = ["project", "tasks"]
