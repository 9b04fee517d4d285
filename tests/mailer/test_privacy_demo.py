from __future__ import annotations

import io
import json

import pytest

from apps.mailer import demo, privacy
from apps.mailer.models import OutboxEmail
from tests.mailer.factories import OutboxEmailFactory

pytestmark = pytest.mark.django_db


def test_export_lists_the_mail_sent_to_the_member(user):
    mine = OutboxEmailFactory(recipients=f"other@example.com, {user.email.upper()}", subject="Your ticket")
    OutboxEmailFactory(recipients=f"x{user.email}", subject="Someone else's")

    data = privacy.export_member_data(user)

    assert json.dumps(data)
    assert [e["subject"] for e in data["emails"]] == ["Your ticket"]
    assert data["emails"][0]["to"] == mine.recipient_list
    assert data["emails"][0]["text"] == mine.text_body


def test_erase_deletes_delivered_mail_but_keeps_mail_still_on_its_way(user):
    sent = OutboxEmailFactory(recipients=user.email, status="sent")
    failed = OutboxEmailFactory(recipients=user.email, status="failed")
    goodbye = OutboxEmailFactory(recipients=user.email, status="pending")
    other = OutboxEmailFactory(recipients=f"x{user.email}", status="sent")

    privacy.erase_member_data(user)

    remaining = set(OutboxEmail.objects.values_list("pk", flat=True))
    assert remaining == {goodbye.pk, other.pk}
    assert sent.pk not in remaining and failed.pk not in remaining


def test_demo_seed_queues_one_welcome_mail_however_often_it_runs(
    django_capture_on_commit_callbacks, mailoutbox
):
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(size="small", stdout=out)
        demo.seed(size="small", stdout=out)
    assert OutboxEmail.objects.count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["demo@example.com"]
