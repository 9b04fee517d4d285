from __future__ import annotations

from django.contrib import admin

from apps.programs.models import (
    Announcement,
    Application,
    Cohort,
    CohortMembership,
    Mission,
    MissionSubmission,
    Organization,
    OrganizationMember,
    Program,
    Review,
    ScheduleItem,
    SubmissionRelease,
)


class OrganizationMemberInline(admin.TabularInline):
    model = OrganizationMember
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [OrganizationMemberInline]


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "track", "is_published"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Cohort)
class CohortAdmin(admin.ModelAdmin):
    list_display = ["name", "program", "starts_on", "capacity", "enrolment_mode"]
    raw_id_fields = ["mentors"]
    filter_horizontal = ["sponsors"]

    def get_readonly_fields(self, request, obj=None):
        # Seats change on the application review page, which fills new ones from the waiting list.
        return ["capacity"] if obj else []


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["applicant", "program", "cohort", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["applicant", "decided_by"]


@admin.register(CohortMembership)
class CohortMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "cohort", "status", "joined_at"]
    raw_id_fields = ["user"]


@admin.register(Mission)
class MissionAdmin(admin.ModelAdmin):
    list_display = ["title", "program", "cohort", "due_at", "published_at"]

    def get_readonly_fields(self, request, obj=None):
        # A published mission's rubric is frozen here as in the services.
        return ["rubric", "deliverable", "published_at"] if obj and obj.is_published else ["published_at"]


@admin.register(MissionSubmission)
class MissionSubmissionAdmin(admin.ModelAdmin):
    list_display = ["mission", "member", "iteration", "status", "mentor", "queued_at"]
    list_filter = ["status"]
    raw_id_fields = ["member", "mentor"]


admin.site.register(Review)
admin.site.register(Announcement)
admin.site.register(ScheduleItem)
admin.site.register(SubmissionRelease)
