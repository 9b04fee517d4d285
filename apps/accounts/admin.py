from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from apps.accounts.models import User


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
