"""Fill the database with realistic demo content, app by app.

Each app that has demo data provides `apps/<app>/demo.py` with
`seed(*, size: str, stdout) -> None`, idempotent (running it twice changes nothing).
The apps are visited in INSTALLED_APPS order, so members exist before their posts.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from apps.core.discovery import app_modules


class Command(BaseCommand):
    help = "Load demo data for every app (idempotent). --size large for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "large"], default="small")

    def handle(self, *args, size: str, **options):
        for label, module in app_modules("demo"):
            started = time.monotonic()
            module.seed(size=size, stdout=self.stdout)
            self.stdout.write(f"seed_demo: {label} ({time.monotonic() - started:.1f}s)")
        self.stdout.write(self.style.SUCCESS(f"Demo data ({size}) is in place."))
