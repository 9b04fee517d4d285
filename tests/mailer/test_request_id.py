"""An outbox row names the request (or task) that wrote it, and its delivery runs under the
same id: one id leads from the page someone submitted to the mail it sent."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from apps.core.observability import request_id_bound
from apps.mailer.models import OutboxEmail
from apps.mailer.services import email_enqueue
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_row_written_under_a_request_id_keeps_it(email_templates):
    template = email_templates("ops/ping", subject="Ping", txt="Ping.", html="<p>Ping.</p>")
    with request_id_bound("req-7f3a"):
        row = email_enqueue(to="ann@example.com", template=template, context={}, key="ping:1")
    row.refresh_from_db()
    assert row.request_id == "req-7f3a"


def test_a_row_written_outside_any_request_has_none(email_templates):
    template = email_templates("ops/ping", subject="Ping", txt="Ping.", html="<p>Ping.</p>")
    row = email_enqueue(to="ann@example.com", template=template, context={}, key="ping:2")
    assert row.request_id == ""


@pytest.mark.django_db(transaction=True)
def test_a_password_reset_mail_carries_the_request_id_into_its_row_and_its_delivery(client, caplog):
    """Committed as in production, so the delivery task is enqueued inside the request."""
    caplog.set_level(logging.INFO, logger="diceytech.task")
    user = UserFactory(email="forgetful@example.com")
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    request_id = response["X-Request-ID"]
    row = OutboxEmail.objects.get(recipients=user.email)
    assert row.request_id == request_id
    assert row.status == OutboxEmail.Status.SENT
    deliveries = [
        r.msg for r in caplog.records if r.name == "diceytech.task" and r.msg["task"] == "deliver_email"
    ]
    assert deliveries[-1]["request_id"] == request_id
    assert deliveries[-1]["outcome"] == "ok"
