"""manage.py backup [--to FOLDER|s3://bucket/prefix] [--list]: the database and every upload
into a new dated folder (apps.core.backup; README, "Backups")."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from apps.core.backup import BackupError, backup_create, backup_list


class Command(BaseCommand):
    help = "Back up the database (pg_dump or SQLite) and the media storages to a folder or an S3 bucket."

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            dest="target",
            default=None,
            help="A folder or s3://bucket/prefix (default: BACKUP_TARGET).",
        )
        parser.add_argument(
            "--list", dest="list_only", action="store_true", help="List the complete backups in the target."
        )

    def handle(self, *args, target: str | None, list_only: bool, **options):
        target = target or settings.BACKUP_TARGET
        try:
            if list_only:
                for name in backup_list(target=target):
                    self.stdout.write(name)
                return
            summary = backup_create(target=target, stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup {summary.name} written to {target}: {summary.database}, {summary.files} file(s), "
                f"{summary.bytes} bytes."
            )
        )
