"""Import or update the courses written as files under LEARNING_CONTENT_DIR."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from apps.learning.content_files import ContentError, content_root, read_all, read_course
from apps.learning.services import courses_import


class Command(BaseCommand):
    help = "Import the courses in content/courses/ (idempotent; changed exercises get a new version)."

    def add_arguments(self, parser):
        parser.add_argument("folders", nargs="*", help="Course folders to import (default: all).")

    def handle(self, *args, folders: list[str], **options):
        try:
            courses = [read_course(Path(f)) for f in folders] if folders else read_all(content_root())
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        report = courses_import(courses=courses)
        for label, rows in [
            ("created", report.created),
            ("updated", report.updated),
            ("new version", report.new_versions),
            ("removed", report.removed),
            ("kept (attempts point at it)", report.kept),
        ]:
            for row in rows:
                self.stdout.write(f"{label}: {row}")
        summary = f"{len(courses)} course(s) read; " + (
            "changes written." if report.changed else "nothing changed."
        )
        self.stdout.write(self.style.SUCCESS(summary))
