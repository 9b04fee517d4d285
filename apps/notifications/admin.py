from django.contrib import admin

from apps.notifications.models import DigestSubscription, Notification, NotificationPreference


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["recipient", "kind", "verb", "count", "created", "read_at"]
    list_filter = ["kind"]
    raw_id_fields = ["recipient", "actor"]
    search_fields = ["recipient__email", "recipient__handle"]


admin.site.register(NotificationPreference)
admin.site.register(DigestSubscription)
