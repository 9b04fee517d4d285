from __future__ import annotations

from django.contrib import admin

from apps.profiles.models import BadgeAward, Education, Experience, PointsEntry, Profile, Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "category"]
    list_filter = ["category"]
    search_fields = ["name", "key"]


class ExperienceInline(admin.TabularInline):
    model = Experience
    extra = 0


class EducationInline(admin.TabularInline):
    model = Education
    extra = 0


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "location", "points_total", "open_to_work"]
    search_fields = ["user__handle", "user__email", "headline"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
    readonly_fields = ["points_total", "created", "updated"]
    filter_horizontal = ["skills"]
    inlines = [ExperienceInline, EducationInline]


@admin.register(PointsEntry)
class PointsEntryAdmin(admin.ModelAdmin):
    """Read-only: the ledger changes only through points_award."""

    list_display = ["member", "amount", "reason", "source_type", "source_id", "created"]
    list_filter = ["reason"]
    search_fields = ["member__handle"]
    list_select_related = ["member", "source_type"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(BadgeAward)
class BadgeAwardAdmin(admin.ModelAdmin):
    list_display = ["member", "badge", "earned"]
    list_filter = ["badge"]
    search_fields = ["member__handle"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
