"""manage.py restore [--from FOLDER|s3://bucket/prefix] [--name NAME] --yes: put a backup back
(apps.core.backup; README, "Backups"). It replaces the database's contents."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from apps.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore the database and media from a backup made by `manage.py backup` (the newest by default)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--from",
            dest="source",
            default=None,
            help="A folder or s3://bucket/prefix (default: BACKUP_TARGET).",
        )
        parser.add_argument(
            "--name", default=None, help="The backup folder to restore (default: the newest)."
        )
        parser.add_argument(
            "--yes", action="store_true", help="Confirm: the database's current contents are replaced."
        )

    def handle(self, *args, source: str | None, name: str | None, yes: bool, **options):
        source = source or settings.BACKUP_TARGET
        database = connections["default"].settings_dict["NAME"]
        if not yes:
            raise CommandError(
                f"Restoring replaces everything in the database {database}. Put the site in maintenance "
                "mode (MAINTENANCE_MODE=true), stop the workers, then run again with --yes."
            )
        try:
            manifest = backup_restore(source=source, name=name, stdout=self.stdout)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {manifest['name']} (made {manifest['created_at']}) into {database}."
            )
        )
