from __future__ import annotations

from django.contrib import admin

from apps.mentorship.models import AvailabilitySlot, MentorProfile, Mentorship, Session


class SlotInline(admin.TabularInline):
    model = AvailabilitySlot
    extra = 0


@admin.register(MentorProfile)
class MentorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "headline", "time_zone", "mentee_count", "capacity", "accepting"]
    list_filter = ["accepting"]
    search_fields = ["user__handle", "user__email", "headline"]
    raw_id_fields = ["user"]
    filter_horizontal = ["skills"]
    readonly_fields = ["mentee_count", "skill_tags", "created_at", "updated_at"]
    inlines = [SlotInline]


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["mentee", "mentor", "status", "created_at", "accepted_at", "ended_at"]
    list_filter = ["status"]
    search_fields = ["mentee__handle", "mentor__user__handle"]
    raw_id_fields = ["mentee", "mentor", "ended_by"]


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    """Notes and ratings are between the two members: the admin shows when, not what."""

    list_display = ["mentor", "mentee", "starts_at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["mentorship", "mentor", "mentee", "cancelled_by", "rescheduled_to"]
    exclude = ["mentor_note", "mentee_note"]
