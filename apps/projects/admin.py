from __future__ import annotations

from django.contrib import admin

from apps.projects.models import Project


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "creator", "likes_count", "is_featured", "created"]
    list_filter = ["category", "is_featured"]
    list_editable = ["is_featured"]
    search_fields = ["title", "creator__handle"]
    list_select_related = ["creator"]
    raw_id_fields = ["creator", "collaborators", "hackathon"]
    filter_horizontal = ["technologies"]
    readonly_fields = ["likes_count", "source_key", "created", "updated"]
