from __future__ import annotations

from django.contrib import admin

from apps.jobs.models import ApplicationStageChange, Job, JobApplication, SavedJob


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "status", "location_type", "job_type", "published_at", "expires_at"]
    list_filter = ["status", "location_type", "job_type", "salary_currency"]
    search_fields = ["title", "company"]
    raw_id_fields = ["posted_by"]
    autocomplete_fields: list[str] = []
    filter_horizontal = ["skills"]
    readonly_fields = ["salary_max_usd", "skill_tags", "created_at", "updated_at"]


class StageChangeInline(admin.TabularInline):
    model = ApplicationStageChange
    extra = 0
    readonly_fields = ["from_stage", "to_stage", "changed_by", "reason", "created_at"]


@admin.register(JobApplication)
class JobApplicationAdmin(admin.ModelAdmin):
    list_display = ["full_name", "job", "stage", "created_at"]
    list_filter = ["stage"]
    search_fields = ["full_name", "email", "job__title"]
    raw_id_fields = ["job", "applicant"]
    # The CV is only reachable through the permission-checked download view.
    exclude = ["cv"]
    inlines = [StageChangeInline]


@admin.register(SavedJob)
class SavedJobAdmin(admin.ModelAdmin):
    list_display = ["user", "job", "created_at"]
    raw_id_fields = ["user", "job"]
