from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user) -> NotificationQuerySet:
        return self.filter(recipient=user)

    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something that happened to a member. Repeats of a groupable kind on the same target
    update one unread row (`count`, `actor_handles`) instead of piling up."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=30)
    verb = models.CharField(max_length=200)
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    url = models.CharField(max_length=500, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField()
    # Grouping: how many events this row stands for, and the handles of the latest actors.
    count = models.PositiveIntegerField(default=1)
    actor_handles = models.JSONField(default=list, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created"], name="notif_recipient_created"),
            models.Index(
                fields=["recipient", "kind", "target_type", "target_id"],
                condition=Q(read_at__isnull=True),
                name="notif_unread_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.summary}"

    @property
    def summary(self) -> str:
        """'@ada and 4 others reacted to your post'."""
        handles = self.actor_handles or []
        if not handles:
            return self.verb[:1].upper() + self.verb[1:]
        first = f"@{handles[0]}"
        others = self.count - 1
        if others <= 0:
            return f"{first} {self.verb}"
        people = "other" if others == 1 else "others"
        return f"{first} and {others} {people} {self.verb}"


class Channel(models.TextChoices):
    IN_APP = "in_app", "In-app"
    EMAIL = "email", "In-app and email"
    OFF = "off", "Off"


class NotificationPreference(models.Model):
    """A member's choice for one kind; no row means the default (in-app)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=30)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.IN_APP)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="notif_pref_user_kind_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}={self.channel}"


class DigestSubscription(models.Model):
    """The weekly digest of top posts from followed tags: off unless a row says on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest")
    weekly = models.BooleanField(default=False)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user_id} weekly={self.weekly}"
