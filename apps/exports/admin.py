from __future__ import annotations

from django.contrib import admin

from apps.exports.models import Export


@admin.register(Export)
class ExportAdmin(admin.ModelAdmin):
    list_display = ["source", "format", "state", "total", "created_by", "created_at"]
    list_filter = ["state", "format", "source"]
    search_fields = ["source"]
    list_select_related = ["created_by"]
    raw_id_fields = ["created_by"]
    readonly_fields = [
        "file",
        "total",
        "done",
        "error",
        "attempts",
        "locked_until",
        "created_at",
        "finished_at",
    ]
