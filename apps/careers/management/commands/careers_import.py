"""manage.py careers_import content/careers/quiz-v1.toml [--publish]"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from apps.careers.content import quiz_read
from apps.careers.services import quiz_import


class Command(BaseCommand):
    help = (
        "Import a career quiz content file as a draft version (or replace that draft); --publish freezes it."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--publish", action="store_true", help="Publish the version (it is then frozen).")

    def handle(self, *args, path: Path, publish: bool, **options) -> None:
        try:
            version = quiz_import(data=quiz_read(path), publish=publish)
        except ValidationError as exc:
            raise CommandError("\n".join(exc.messages)) from exc
        state = "published" if version.is_frozen else "draft"
        self.stdout.write(f"Quiz v{version.number} ({state}): {version.items.count()} items from {path}.")
