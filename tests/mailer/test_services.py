from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone

from apps.mailer.models import OutboxEmail, message_id_for_key
from apps.mailer.services import email_enqueue, email_render, retry_delay

pytestmark = pytest.mark.django_db


def _enqueue(**overrides) -> OutboxEmail:
    kwargs = {
        "to": "ada@example.com",
        "template": "mailer/welcome",
        "context": {"name": "Ada"},
        "key": "welcome:1",
    } | overrides
    return email_enqueue(**kwargs)


def test_enqueue_writes_row_and_delivers_after_commit(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        row = _enqueue()
        assert mailoutbox == []  # nothing leaves before the transaction commits

    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.SENT
    assert row.attempts == 1
    assert row.sent_at is not None
    assert row.locked_until is None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["ada@example.com"]
    assert message.subject == "Welcome to DiceyTech, Ada"
    assert "Hello Ada," in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert "Hello Ada," in html
    assert message.extra_headers["Message-ID"] == message_id_for_key("welcome:1")


def test_enqueue_stores_everything_needed_to_rerender(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        row = _enqueue(context={"name": "Ada", "when": "2026-11-23"})
    assert len(callbacks) == 1
    row.refresh_from_db()
    assert row.status == OutboxEmail.Status.PENDING
    assert row.template == "mailer/welcome"
    assert row.context == {"name": "Ada", "when": "2026-11-23"}
    assert row.subject == "Welcome to DiceyTech, Ada"
    assert "Hello Ada" in row.text_body and "Hello Ada" in row.html_body


def test_rolled_back_transaction_leaves_no_row_and_sends_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _enqueue()
        raise RuntimeError("the caller's service failed after enqueueing")
    assert callbacks == []
    assert not OutboxEmail.objects.exists()
    assert mailoutbox == []


def test_same_key_twice_writes_one_row_and_sends_once(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        first = _enqueue()
        second = _enqueue(context={"name": "Someone else"})
    with django_capture_on_commit_callbacks(execute=True):
        third = _enqueue()
    assert first.pk == second.pk == third.pk
    assert OutboxEmail.objects.count() == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "Welcome to DiceyTech, Ada"


def test_several_recipients_are_kept_once_each(django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        row = _enqueue(to=["ada@example.com", "bo@example.com", "ADA@example.com"])
    assert row.recipient_list == ["ada@example.com", "bo@example.com"]
    assert mailoutbox[0].to == ["ada@example.com", "bo@example.com"]


@pytest.mark.parametrize(
    "to",
    ["", [], "not-an-address", "ada@example.com\r\nBcc: victim@example.com", ['"a,b"@example.com']],
)
def test_bad_recipients_are_refused(to):
    with pytest.raises(ValueError):
        _enqueue(to=to)
    assert not OutboxEmail.objects.exists()


@pytest.mark.parametrize("key", ["", "   ", "k" * 256])
def test_missing_or_overlong_key_is_refused(key):
    with pytest.raises(ValueError, match="key"):
        _enqueue(key=key)


def test_context_must_be_json_serialisable(user):
    with pytest.raises(TypeError, match="JSON"):
        _enqueue(context={"name": "Ada", "member": user})
    assert not OutboxEmail.objects.exists()


def test_html_part_escapes_context_values_text_and_subject_do_not():
    subject, text, html = email_render(
        template="mailer/welcome", context={"name": '<script>alert("x")</script> & Co'}
    )
    assert subject == 'Welcome to DiceyTech, <script>alert("x")</script> & Co'
    assert 'Hello <script>alert("x")</script> & Co,' in text
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in html


def test_subject_is_folded_onto_one_line_and_truncated(email_templates):
    name = email_templates("tests/long", subject="  Hi\n{{ name }}  \n", txt="Body", html="<p>Body</p>")
    subject, _, _ = email_render(template=name, context={"name": "Ada\r\nBcc: victim@example.com"})
    assert subject == "Hi Ada Bcc: victim@example.com"
    subject, _, _ = email_render(template=name, context={"name": "x" * 400})
    assert len(subject) == 255 and subject.endswith("…")


def test_both_text_and_html_templates_are_required(email_templates):
    name = email_templates("tests/no_html", subject="Hi", txt="Body")
    with pytest.raises(TemplateDoesNotExist):
        _enqueue(template=name)
    name = email_templates("tests/no_text", subject="Hi", html="<p>Body</p>")
    with pytest.raises(TemplateDoesNotExist):
        _enqueue(template=name, key="other")
    assert not OutboxEmail.objects.exists()


def test_templates_get_the_site_url(email_templates, settings):
    settings.SITE_URL = "https://diceytech.example"
    name = email_templates(
        "tests/link", subject="Hi", txt="{{ site_url }}/x?a=1&b=2", html="<a href='{{ site_url }}/x'>x</a>"
    )
    _, text, html = email_render(template=name, context={})
    assert text == "https://diceytech.example/x?a=1&b=2\n"
    assert "https://diceytech.example/x" in html


def test_related_object_is_linked(user):
    row = _enqueue(related=user)
    row.refresh_from_db()
    assert row.related == user
    assert row.related_content_type == ContentType.objects.get_for_model(user)
    assert json.dumps(row.context)  # stored context stays plain JSON


def test_message_id_is_derived_from_the_key(settings):
    settings.MAILER_MESSAGE_ID_DOMAIN = "mail.diceytech.example"
    first = message_id_for_key("registration-confirm:1:1")
    assert first == message_id_for_key("registration-confirm:1:1")
    assert first != message_id_for_key("registration-confirm:1:2")
    assert first.startswith("<") and first.endswith("@mail.diceytech.example>")
    assert len(first.split("@")[0]) == 33  # "<" + 32 hex digits


def test_retry_delay_doubles_and_is_capped(settings):
    settings.MAILER_RETRY_BASE_SECONDS = 30
    settings.MAILER_RETRY_MAX_SECONDS = 600
    assert [retry_delay(n) for n in (1, 2, 3, 4, 5, 6)] == [30, 60, 120, 240, 480, 600]


def test_queryset_addressed_to_matches_whole_addresses_only():
    from tests.mailer.factories import OutboxEmailFactory

    mine = OutboxEmailFactory(recipients="other@example.com, Ann@Example.com")
    OutboxEmailFactory(recipients="joann@example.com")
    assert list(OutboxEmail.objects.addressed_to("ann@example.com")) == [mine]
    assert not OutboxEmail.objects.addressed_to("").exists()


def test_pending_row_is_not_due_before_its_next_attempt():
    from apps.mailer.services import email_claim
    from tests.mailer.factories import OutboxEmailFactory

    row = OutboxEmailFactory(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert email_claim(pk=row.pk) is None


def test_system_check_warns_when_the_lease_is_shorter_than_the_smtp_timeout(settings):
    from apps.mailer.checks import lease_outlasts_smtp_timeout

    settings.MAILERS = {"default": {"BACKEND": "x", "OPTIONS": {"timeout": 15}}}
    settings.MAILER_LEASE_SECONDS = 60
    assert lease_outlasts_smtp_timeout(None) == []
    settings.MAILER_LEASE_SECONDS = 10
    assert [w.id for w in lease_outlasts_smtp_timeout(None)] == ["mailer.W001"]
