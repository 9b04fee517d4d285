"""Demo data: one welcome mail to the demo member, so `make run` shows the worker delivering
a mail to the console and var/mail/ (idempotent: its key is fixed)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from apps.mailer.services import email_enqueue


def seed(*, size: str, stdout) -> None:
    user = get_user_model().objects.filter(email="demo@example.com").first()
    to = user.email if user else "demo@example.com"
    name = (user.get_full_name() if user else "") or "there"
    with transaction.atomic():
        email = email_enqueue(
            to=to, template="mailer/welcome", context={"name": name}, key="demo:welcome:v1", related=user
        )
    stdout.write(f"mailer: welcome mail to {to} is {email.status} (the worker delivers it to var/mail/).")
