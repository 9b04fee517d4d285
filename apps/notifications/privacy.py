"""Data export and erasure for notifications (collected by the accounts app)."""

from __future__ import annotations

from apps.notifications.models import DigestSubscription, Notification, NotificationPreference


def export_member_data(user) -> dict:
    return {
        "notifications": [
            {
                "kind": n.kind,
                "summary": n.summary,
                "url": n.url,
                "created": n.created.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
            }
            for n in Notification.objects.filter(recipient=user).order_by("created")
        ],
        "preferences": dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel")),
        "weekly_digest": DigestSubscription.objects.filter(user=user, weekly=True).exists(),
    }


def erase_member_data(user) -> None:
    Notification.objects.filter(recipient=user).delete()
    # Notifications others received about this member's actions keep no trace of who acted.
    for notification in Notification.objects.filter(actor_handles__icontains=user.handle).iterator():
        if user.handle not in notification.actor_handles:
            continue
        notification.actor_handles = [h for h in notification.actor_handles if h != user.handle]
        notification.save(update_fields=["actor_handles"])
    Notification.objects.filter(actor=user).update(actor=None)
    NotificationPreference.objects.filter(user=user).delete()
    DigestSubscription.objects.filter(user=user).delete()
