"""Create or promote a superuser and print a single-use static token for their first
second-factor check, so the first administrator is never locked out."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from apps.accounts.two_factor import staff_bootstrap


class Command(BaseCommand):
    help = "Create or promote a superuser EMAIL and print a one-time two-factor token."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email}") from error
        result = staff_bootstrap(email=email)
        verb = "Created" if result.created else "Promoted"
        self.stdout.write(f"{verb} superuser {result.user.email}.")
        if result.password:
            self.stdout.write(f"Password: {result.password}   (change it after logging in)")
        self.stdout.write(f"One-time two-factor token: {result.token}")
        self.stdout.write(
            "Log in, open /staff/ and enter the token; you will then set up an authenticator app "
            "and get ten recovery codes. The token works once."
        )
