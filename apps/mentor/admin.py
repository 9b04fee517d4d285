from __future__ import annotations

from django.contrib import admin

from apps.mentor.models import ApiToken, Conversation, MentorInteraction, Message


@admin.register(MentorInteraction)
class MentorInteractionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "member", "kind", "backend", "latency_ms", "helpful"]
    list_filter = ["kind", "backend", "helpful"]
    list_select_related = ["member"]
    raw_id_fields = ["member", "conversation"]
    search_fields = ["member__email", "member__handle"]
    date_hierarchy = "created_at"


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["role", "content", "backend", "created_at"]
    readonly_fields = fields


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["title", "member", "context_type", "message_count", "updated_at"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
    inlines = [MessageInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "member", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
    readonly_fields = ["prefix", "token_hash"]
