from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from apps.accounts.models import StaffEnrolment, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "handle", "first_name", "last_name", "is_staff", "date_joined", "deleted_at")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "handle", "first_name", "last_name", "github_login")
    readonly_fields = ("github_login", "avatar_url", "deleted_at", "last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "handle", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "github_login", "avatar_url")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Important dates", {"fields": ("last_login", "date_joined", "deleted_at")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "handle", "password1", "password2")}),)


@admin.register(StaffEnrolment)
class StaffEnrolmentAdmin(admin.ModelAdmin):
    """Who issued which two-factor enrolment link, and what became of it. Links are issued
    from /staff/two-factor/ (the token is shown there once); here they can only be read or
    withdrawn."""

    list_display = ("user", "issued_by", "created_at", "expires_at", "claimed_at", "enrolled_at")
    list_select_related = ("user", "issued_by")
    search_fields = ("user__email", "user__handle", "issued_by__email")
    ordering = ("-created_at",)
    readonly_fields = (
        "user",
        "issued_by",
        "token_hash",
        "created_at",
        "expires_at",
        "claimed_at",
        "enrolled_at",
    )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
