"""The email outbox: every email is a row first, written in the transaction that caused it,
then delivered by a huey task and swept again if that task is lost."""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxEmailQuerySet(models.QuerySet):
    def addressed_to(self, email: str) -> OutboxEmailQuerySet:
        """Rows whose recipients include `email` (case-insensitive, exact address)."""
        email = (email or "").strip().lower()
        if not email:
            return self.none()
        # recipients is a ", "-joined list; the icontains narrows in SQL, the exact
        # comparison happens in Python (ann@x.org must not match joann@x.org).
        pks = [
            row.pk
            for row in self.filter(recipients__icontains=email).only("pk", "recipients")
            if email in {r.lower() for r in row.recipient_list}
        ]
        return self.filter(pk__in=pks)


class OutboxEmail(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"

    key = models.CharField(
        max_length=255, help_text="Idempotency key: the same key never produces a second email."
    )
    recipients = models.TextField(help_text="Comma-separated addresses.")
    subject = models.CharField(max_length=255)
    text_body = models.TextField()
    html_body = models.TextField()
    template = models.CharField(max_length=200)
    context = models.JSONField(default=dict, blank=True)
    # Extra header lines, e.g. List-Unsubscribe for mail a member can turn off.
    headers = models.JSONField(default=dict, blank=True)
    # Images shown inside the HTML part, made at send time from what is stored here
    # ([{"name": "ticket_qr", "kind": "qr", "data": "…"}]) and attached with a Content-ID:
    # mail clients block data: URIs, and the outbox keeps no binary.
    inline_images = models.JSONField(default=list, blank=True)
    # Text files attached at send time ([{"filename": "invite.ics", "mimetype":
    # "text/calendar", "content": "BEGIN:VCALENDAR…"}]): calendar invites and the like.
    attachments = models.JSONField(default=list, blank=True)
    # The request (or task) that wrote the row (apps.core.observability): its log lines and
    # its error report carry the same id.
    request_id = models.CharField(max_length=128, blank=True)

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # pending: not to be tried before this moment (backoff after a failure).
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # sending: the worker that claimed the row owns it until then; after that anyone may
    # claim it again (the worker is presumed dead).
    locked_until = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    related_content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    related_object_id = models.CharField(max_length=64, blank=True)
    related = GenericForeignKey("related_content_type", "related_object_id")

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        verbose_name = "outbox email"
        ordering = ("-created_at", "-pk")
        constraints = [
            models.UniqueConstraint(fields=["key"], name="mailer_outboxemail_key_unique"),
            models.CheckConstraint(
                condition=Q(status__in=["pending", "sending", "sent", "failed"]),
                name="mailer_outboxemail_status_valid",
            ),
        ]
        indexes = [
            # The sweeper and the staff page look for undelivered rows only.
            models.Index(
                fields=["status", "next_attempt_at"],
                name="mailer_outbox_due_idx",
                condition=~Q(status="sent"),
            ),
            models.Index(fields=["-created_at", "-id"], name="mailer_outbox_created_idx"),
            models.Index(
                fields=["related_content_type", "related_object_id"], name="mailer_outbox_related_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.recipients} ({self.status})"

    @property
    def recipient_list(self) -> list[str]:
        return [r.strip() for r in self.recipients.split(",") if r.strip()]

    @property
    def message_id(self) -> str:
        return message_id_for_key(self.key)

    def content_id(self, name: str) -> str:
        """The Content-ID (without angle brackets) of the inline image `name`: the HTML part
        shows it as <img src="cid:…">."""
        return content_id_for_key(self.key, name)


def message_id_for_key(key: str) -> str:
    """The same key always gives the same Message-ID, so a copy re-sent after a crash is
    recognisable (and de-duplicated by many mail clients)."""
    from django.conf import settings

    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"<{digest}@{settings.MAILER_MESSAGE_ID_DOMAIN}>"


def content_id_for_key(key: str, name: str) -> str:
    """Globally unique (RFC 2392) and the same at every send of the row."""
    from django.conf import settings

    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"{name}.{digest}@{settings.MAILER_MESSAGE_ID_DOMAIN}"
