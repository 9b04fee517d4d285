"""manage.py mail_resend_failed: give failed outbox mail a fresh set of attempts, now (the
staff page's Retry, for many rows at once; README, "Runbook")."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.mailer.models import OutboxEmail
from apps.mailer.services import email_retry


class Command(BaseCommand):
    help = "Re-send failed emails (all, or those failed in the last --hours, or one --template)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours", type=float, default=None, help="Only mail that failed in the last N hours."
        )
        parser.add_argument("--template", default=None, help='Only this template, e.g. "events/confirm".')
        parser.add_argument("--limit", type=int, default=1000, help="At most this many rows (default 1000).")
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be re-sent; change nothing."
        )

    def handle(self, *args, hours: float | None, template: str | None, limit: int, dry_run: bool, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        rows = OutboxEmail.objects.filter(status=OutboxEmail.Status.FAILED)
        if hours is not None:
            rows = rows.filter(updated_at__gte=timezone.now() - timedelta(hours=hours))
        if template:
            rows = rows.filter(template=template)
        pks = list(rows.order_by("created_at", "pk").values_list("pk", flat=True)[:limit])
        if dry_run:
            self.stdout.write(f"{len(pks)} failed email(s) would be re-sent.")
            return
        queued = sum(1 for pk in pks if email_retry(pk=pk))
        self.stdout.write(self.style.SUCCESS(f"{queued} failed email(s) queued to be sent again."))
