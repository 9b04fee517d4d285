from __future__ import annotations

import csv

from django.contrib import admin
from django.db import transaction
from django.http import HttpResponse

from apps.events import services
from apps.events.models import (
    Event,
    ExhibitorApplication,
    Registration,
    SponsorApplication,
    VolunteerApplication,
)
from apps.exports.writers import defuse


@admin.action(description="Export the selected rows as CSV")
def export_csv(modeladmin, request, queryset):
    fields = [field.name for field in queryset.model._meta.concrete_fields]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{queryset.model._meta.model_name}.csv"'
    writer = csv.writer(response)
    writer.writerow(fields)
    for row in queryset.values_list(*fields).iterator():
        writer.writerow([defuse(value) for value in row])
    return response


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_at", "city", "is_published", "capacity", "seats_taken"]
    list_filter = [
        "is_published",
        "city",
        "registration_open",
        "sponsor_open",
        "exhibitor_open",
        "volunteer_open",
    ]
    search_fields = ["name", "slug", "venue", "city"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["seats_taken", "anonymised_at", "created_at", "updated_at"]
    date_hierarchy = "starts_at"
    actions = [export_csv]

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if change and "capacity" in form.changed_data:
                # More seats: the waiting list gets them, first come first served, by email.
                promoted = services.waitlist_promote(event_id=obj.pk)
                if promoted:
                    self.message_user(
                        request,
                        f"{len(promoted)} {'person' if len(promoted) == 1 else 'people'} moved from the waiting list to a seat.",
                    )


class SubmissionAdmin(admin.ModelAdmin):
    list_filter = ["status", "event", "created_at", "anonymised"]
    list_select_related = ["event"]
    readonly_fields = ["token", "confirm_sends", "created_at", "updated_at", "decided_by"]
    raw_id_fields = ["event"]
    date_hierarchy = "created_at"
    actions = [export_csv]
    list_per_page = 50


@admin.register(Registration)
class RegistrationAdmin(SubmissionAdmin):
    list_display = [
        "first_name",
        "last_name",
        "email",
        "event",
        "status",
        "ticket_code",
        "checked_in_at",
        "created_at",
    ]
    list_filter = [*SubmissionAdmin.list_filter, "gender", "full_attendance", "hear_about"]
    search_fields = ["first_name", "last_name", "email", "phone", "organization_name", "ticket_code"]
    readonly_fields = [*SubmissionAdmin.readonly_fields, "ticket_code", "checked_in_at", "checked_in_by"]


@admin.register(SponsorApplication)
class SponsorApplicationAdmin(SubmissionAdmin):
    list_display = [
        "org_name",
        "contact_person_name",
        "contact_email",
        "sponsor_tier",
        "event",
        "status",
        "created_at",
    ]
    list_filter = [*SubmissionAdmin.list_filter, "org_type", "sponsor_tier"]
    search_fields = ["org_name", "contact_person_name", "contact_email", "contact_phone"]


@admin.register(ExhibitorApplication)
class ExhibitorApplicationAdmin(SubmissionAdmin):
    list_display = [
        "business_name",
        "contact_person_name",
        "contact_email",
        "exhibition_package",
        "event",
        "status",
        "created_at",
    ]
    list_filter = [*SubmissionAdmin.list_filter, "industry_category", "exhibition_package"]
    search_fields = ["business_name", "contact_person_name", "contact_email", "contact_phone"]


@admin.register(VolunteerApplication)
class VolunteerApplicationAdmin(SubmissionAdmin):
    list_display = ["full_name", "email", "volunteer_area", "event", "status", "created_at"]
    list_filter = [*SubmissionAdmin.list_filter, "volunteer_area", "age_range"]
    search_fields = ["full_name", "email", "phone", "location"]
