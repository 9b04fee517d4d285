from __future__ import annotations

import factory
from django.utils import timezone

from apps.mailer.models import OutboxEmail


class OutboxEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxEmail

    key = factory.Sequence(lambda n: f"test:{n}")
    recipients = factory.Sequence(lambda n: f"reader{n}@example.com")
    subject = factory.Sequence(lambda n: f"Subject {n}")
    text_body = "Hello.\n"
    html_body = "<p>Hello.</p>"
    template = "mailer/welcome"
    context = factory.LazyFunction(dict)
    status = OutboxEmail.Status.PENDING
    next_attempt_at = factory.LazyFunction(timezone.now)
