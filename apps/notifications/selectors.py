from __future__ import annotations

from django.db.models import QuerySet

from apps.notifications.models import Channel, DigestSubscription, Notification, NotificationPreference
from apps.notifications.services import KINDS


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.for_recipient(user).select_related("actor").order_by("-created", "-pk")


def unread_count(*, user) -> int:
    return Notification.objects.for_recipient(user).unread().count()


def preferences_for(*, user) -> dict[str, str]:
    """Every kind with the member's channel (default in-app)."""
    stored = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "channel"))
    return {kind: stored.get(kind, Channel.IN_APP) for kind in KINDS}


def weekly_digest_enabled(*, user) -> bool:
    return DigestSubscription.objects.filter(user=user, weekly=True).exists()


def digest_subscriber_ids() -> list[int]:
    """Members who asked for the weekly digest (off by default)."""
    return list(
        DigestSubscription.objects.filter(weekly=True, user__is_active=True).values_list("user_id", flat=True)
    )
