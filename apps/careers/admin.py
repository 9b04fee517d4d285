"""Quiz versions and their items are edited here while they are drafts; a published version
is frozen (read-only), because members' answers refer to its items."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from apps.careers import services
from apps.careers.models import Item, QuizSession, QuizVersion, Result


class ItemInline(admin.TabularInline):
    model = Item
    extra = 0
    fields = ["position", "key", "category", "kind", "track", "reverse", "text", "other_track", "other_text"]

    def has_add_permission(self, request, obj=None) -> bool:
        return super().has_add_permission(request, obj) and not (obj and obj.is_frozen)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and obj.is_frozen)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)


@admin.register(QuizVersion)
class QuizVersionAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "status", "published_at"]
    list_filter = ["status"]
    inlines = [ItemInline]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        frozen = ["number", "title", "intro"] if obj and obj.is_frozen else []
        return [*frozen, "status", "published_at", "created_at"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.is_frozen)

    @admin.action(description="Publish (freezes the version)")
    def publish(self, request, queryset) -> None:
        for version in queryset:
            try:
                services.quiz_version_publish(version=version)
            except ValidationError as exc:
                self.message_user(request, f"v{version.number}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"Published v{version.number}.")


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin):
    list_display = ["key", "version", "category", "kind", "track", "reverse", "text"]
    list_filter = ["version", "category", "kind", "track", "reverse"]
    search_fields = ["key", "text"]

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not (obj and obj.version.is_frozen)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not (obj and obj.version.is_frozen)

    def save_model(self, request, obj, form, change) -> None:
        if obj.version.is_frozen:
            raise ValidationError("This version is published and frozen.")
        super().save_model(request, obj, form, change)


@admin.register(QuizSession)
class QuizSessionAdmin(admin.ModelAdmin):
    """Answers are private: staff see that a session exists, not what was answered."""

    list_display = ["user", "version", "started_at", "completed_at"]
    list_filter = ["version"]
    raw_id_fields = ["user"]
    readonly_fields = ["user", "version", "page", "started_at", "updated_at", "completed_at"]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin):
    list_display = ["user", "primary_track", "confidence", "scoring_version", "shared", "created_at"]
    list_filter = ["primary_track", "confidence", "scoring_version"]
    raw_id_fields = ["user", "session"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
