from __future__ import annotations

from django.contrib import admin, messages
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.html import format_html

from apps.core.permissions import has_permission
from apps.mailer.models import OutboxEmail
from apps.mailer.services import email_retry


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    list_display = ("subject", "recipients", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "template")
    search_fields = ("recipients", "subject", "=key", "=request_id")
    date_hierarchy = "created_at"
    ordering = ("-created_at", "-pk")
    actions = ("retry",)
    show_full_result_count = False
    list_per_page = 50
    fields = (
        "status",
        "recipients",
        "subject",
        "rendered",
        "text_body",
        "template",
        "context",
        "headers",
        "inline_images",
        "key",
        "request_id",
        "message_id",
        "attempts",
        "last_error",
        "next_attempt_at",
        "locked_until",
        "created_at",
        "sent_at",
        "related_content_type",
        "related_object_id",
    )
    readonly_fields = fields

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            qs = qs.defer("text_body", "html_body", "context", "headers", "inline_images")
        return qs

    def has_add_permission(self, request) -> bool:
        # Mail is only ever written by email_enqueue (rendered, keyed, queued after commit).
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Rendered HTML")
    def rendered(self, obj: OutboxEmail) -> str:
        if not obj.pk:
            return "—"
        url = reverse("mailer_staff:outbox-preview", args=[obj.pk])
        return format_html('<a href="{}" target="_blank" rel="noopener">Open the HTML part as sent</a>', url)

    @admin.display(description="Message-ID")
    def message_id(self, obj: OutboxEmail) -> str:
        return obj.message_id

    def has_retry_permission(self, request) -> bool:
        # The rows are read-only in the admin; retrying is what "change" means here.
        return has_permission(request.user, "mailer.change_outboxemail")

    @admin.action(description="Retry the selected emails (failed or pending)", permissions=["retry"])
    def retry(self, request, queryset) -> None:
        retried = sum(email_retry(pk=pk) for pk in queryset.values_list("pk", flat=True))
        skipped = queryset.count() - retried
        self.message_user(request, f"{retried} email{pluralize(retried)} queued again.", messages.SUCCESS)
        if skipped:
            self.message_user(request, f"{skipped} already sent or being sent: left alone.", messages.WARNING)
