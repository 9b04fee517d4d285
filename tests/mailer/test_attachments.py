"""Text attachments (a calendar invite): stored on the row, attached at every send."""

from __future__ import annotations

import pytest

from apps.mailer.models import OutboxEmail
from apps.mailer.services import email_deliver, email_enqueue

pytestmark = pytest.mark.django_db

ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def template(email_templates):
    return email_templates(
        "test/attach", subject="Invite", txt="See the invite.", html="<p>See the invite.</p>"
    )


def test_an_attachment_is_stored_and_sent_with_the_email(template, mailoutbox):
    row = email_enqueue(
        to="ada@example.com", template=template, context={}, key="attach:1",
        attachments=[("invite.ics", "text/calendar", ICS)],
    )  # fmt: skip

    assert OutboxEmail.objects.get(pk=row.pk).attachments == [
        {"filename": "invite.ics", "mimetype": "text/calendar", "content": ICS}
    ]
    email_deliver(pk=row.pk)
    [message] = mailoutbox
    parts = [p for p in message.message().walk() if p.get_filename() == "invite.ics"]
    assert len(parts) == 1
    assert parts[0].get_content_type() == "text/calendar"
    assert "BEGIN:VCALENDAR" in parts[0].get_content()


@pytest.mark.parametrize(
    ("attachment", "problem"),
    [
        (("../etc/passwd", "text/plain", "x"), "plain file names"),
        (("a.bin", "application/octet-stream", "x"), "Only text"),
        (("big.txt", "text/plain", "x" * 100_001), "at most"),
    ],
)
def test_unsafe_attachments_are_refused_before_anything_is_stored(template, attachment, problem):
    with pytest.raises(ValueError, match=problem):
        email_enqueue(
            to="ada@example.com", template=template, context={}, key="attach:2", attachments=[attachment]
        )

    assert not OutboxEmail.objects.exists()
