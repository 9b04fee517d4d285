"""Data export and erasure for the outbox (collected by the accounts app): the emails
addressed to the member."""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress

from apps.mailer.models import OutboxEmail


def _addresses(user) -> set[str]:
    addresses = {user.email.lower()} if user.email else set()
    addresses |= {e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    return addresses


def _rows(user):
    pks: set[int] = set()
    for address in _addresses(user):
        pks |= set(OutboxEmail.objects.addressed_to(address).values_list("pk", flat=True))
    return OutboxEmail.objects.filter(pk__in=pks).order_by("created_at", "pk")


def export_member_data(user) -> dict[str, Any]:
    return {
        "emails": [
            {
                "to": row.recipient_list,
                "subject": row.subject,
                "text": row.text_body,
                "status": row.status,
                "created": row.created_at.isoformat(),
                "sent": row.sent_at.isoformat() if row.sent_at else None,
            }
            for row in _rows(user)
        ]
    }


def erase_member_data(user) -> None:
    # Mail still on its way (pending or being sent) is kept so it is delivered: the account
    # deletion's own confirmation may have been queued in this same transaction.
    _rows(user).exclude(status__in=[OutboxEmail.Status.PENDING, OutboxEmail.Status.SENDING]).delete()
