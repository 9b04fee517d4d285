"""Reads for the staff outbox page."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.mailer.models import OutboxEmail

# The staff page's tabs: "attention" (everything not delivered) first.
STATUS_FILTERS = {
    "attention": (
        "Needs attention",
        [OutboxEmail.Status.FAILED, OutboxEmail.Status.PENDING, OutboxEmail.Status.SENDING],
    ),
    "failed": ("Failed", [OutboxEmail.Status.FAILED]),
    "pending": ("Pending", [OutboxEmail.Status.PENDING]),
    "sending": ("Sending", [OutboxEmail.Status.SENDING]),
    "sent": ("Sent", [OutboxEmail.Status.SENT]),
}


def outbox_list(*, status: str) -> QuerySet[OutboxEmail]:
    statuses = STATUS_FILTERS.get(status, STATUS_FILTERS["attention"])[1]
    return (
        OutboxEmail.objects.filter(status__in=statuses)
        .defer("text_body", "html_body", "context")
        .order_by("-created_at", "-pk")
    )
