"""Writes for the outbox: enqueue (in the caller's transaction), claim, deliver, retry, sweep."""

from __future__ import annotations

import json
import logging
import re
import smtplib
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone

from apps.core.observability import current_request_id
from apps.core.qr import qr_png
from apps.mailer.models import OutboxEmail, content_id_for_key

logger = logging.getLogger(__name__)

SUBJECT_MAX = 255
_IMAGE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _recipients_clean(to: str | list[str]) -> list[str]:
    addresses = [to] if isinstance(to, str) else list(to)
    cleaned: list[str] = []
    for address in addresses:
        address = (address or "").strip()
        try:
            validate_email(address)
        except ValidationError as error:
            raise ValueError(f"Not an email address: {address!r}") from error
        if "," in address:
            raise ValueError(f"Addresses with commas are not supported: {address!r}")
        if address.lower() not in {a.lower() for a in cleaned}:
            cleaned.append(address)
    if not cleaned:
        raise ValueError("An email needs at least one recipient.")
    return cleaned


def email_render(*, template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) for templates/emails/<template>.subject.txt, .txt and .html.

    The HTML part autoescapes context values; the subject and text parts are plain text and
    are rendered without HTML escaping. The subject is folded onto one line (no header
    injection through a context value)."""
    ctx = {"site_url": settings.SITE_URL, **context}

    def plain(name: str) -> str:
        return get_template(name).template.render(Context(ctx, autoescape=False))

    subject = " ".join(plain(f"emails/{template}.subject.txt").split())
    if len(subject) > SUBJECT_MAX:
        subject = subject[: SUBJECT_MAX - 1] + "…"
    text = plain(f"emails/{template}.txt").strip() + "\n"
    html = get_template(f"emails/{template}.html").render(ctx)
    return subject, text, html


def _unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail apps show an Unsubscribe button that POSTs
    "List-Unsubscribe=One-Click" to `url`, which must act without a login or a confirmation."""
    if not url.startswith("https://") and not url.startswith("http://"):
        raise ValueError(f"list_unsubscribe must be an http(s) URL: {url!r}")
    if any(char in url for char in " \t\r\n<>,"):
        raise ValueError(f"list_unsubscribe must be one URL without spaces, commas or <>: {url!r}")
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _inline_qr_clean(inline_qr: dict[str, str] | None) -> list[dict[str, str]]:
    images = []
    for name, data in (inline_qr or {}).items():
        if not _IMAGE_NAME.match(name):
            raise ValueError(f"Inline image names are lower-case words: {name!r}")
        if not isinstance(data, str) or not data:
            raise ValueError(f"Inline QR code {name!r} needs the text it encodes.")
        images.append({"name": name, "kind": "qr", "data": data})
    return images


_ATTACHMENT_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
ATTACHMENT_MAX_CHARS = 100_000


def _attachments_clean(attachments: list[tuple[str, str, str]] | None) -> list[dict[str, str]]:
    cleaned = []
    for filename, mimetype, content in attachments or []:
        if not _ATTACHMENT_NAME.match(filename):
            raise ValueError(f"Attachment names are plain file names: {filename!r}")
        if not mimetype.startswith("text/"):
            raise ValueError(f"Only text attachments are stored in the outbox: {mimetype!r}")
        if not isinstance(content, str) or len(content) > ATTACHMENT_MAX_CHARS:
            raise ValueError(
                f"Attachment {filename!r} must be text of at most {ATTACHMENT_MAX_CHARS} characters."
            )
        cleaned.append({"filename": filename, "mimetype": mimetype, "content": content})
    return cleaned


def email_enqueue(
    *,
    to: str | list[str],
    template: str,
    context: dict,
    key: str,
    related=None,
    list_unsubscribe: str | None = None,
    inline_qr: dict[str, str] | None = None,
    attachments: list[tuple[str, str, str]] | None = None,
) -> OutboxEmail:
    """Render an email and write it to the outbox in the caller's transaction; it is
    delivered by a huey task after commit (and by the sweeper if that task is lost).

    The same `key` always gives the same row: a second call returns the first row and sends
    nothing more, even when two transactions race on the key.

    `list_unsubscribe`: the one-click unsubscribe URL of mail a member can turn off (a
    digest, notifications); it becomes the List-Unsubscribe headers and `unsubscribe_url` in
    the templates. `inline_qr`: {name: text} QR codes attached as images; the HTML part
    shows one with <img src="{{ cid.name }}">. `attachments`: (filename, text/* mimetype,
    text) files sent with the email, such as a calendar invite."""
    from apps.mailer.tasks import deliver_email

    key = (key or "").strip()
    if not key or len(key) > 255:
        raise ValueError("email_enqueue needs a key of 1 to 255 characters.")
    recipients = _recipients_clean(to)
    try:
        stored_context = json.loads(json.dumps(context, cls=DjangoJSONEncoder))
    except TypeError as error:
        raise TypeError(f"email_enqueue context must be JSON-serialisable: {error}") from error
    headers = _unsubscribe_headers(list_unsubscribe) if list_unsubscribe else {}
    images = _inline_qr_clean(inline_qr)
    files = _attachments_clean(attachments)
    render_context = {
        **context,
        "cid": {i["name"]: f"cid:{content_id_for_key(key, i['name'])}" for i in images},
    }
    if list_unsubscribe:
        render_context["unsubscribe_url"] = list_unsubscribe
    subject, text, html = email_render(template=template, context=render_context)

    row = OutboxEmail(
        key=key,
        recipients=", ".join(recipients),
        subject=subject,
        text_body=text,
        html_body=html,
        template=template,
        context=stored_context,
        headers=headers,
        inline_images=images,
        attachments=files,
        request_id=current_request_id(),
    )
    if related is not None:
        row.related_content_type = ContentType.objects.get_for_model(related)
        row.related_object_id = str(related.pk)
    try:
        # The unique key decides, in one INSERT: a repeat (or the loser of a race) rolls back
        # to this savepoint without breaking the caller's transaction, and gets the first row.
        with transaction.atomic():
            row.save(force_insert=True)
    except IntegrityError:
        winner = OutboxEmail.objects.filter(key=key).first()
        if winner is None:
            raise
        return winner

    pk = row.pk
    # robust: the row is committed by now, so a queue outage must not turn the caller's
    # successful request into an error; the sweeper delivers the mail instead.
    transaction.on_commit(lambda: deliver_email(pk), robust=True)
    return row


def retry_delay(attempts: int) -> float:
    """Seconds to wait after the `attempts`-th failed attempt (exponential backoff)."""
    base = settings.MAILER_RETRY_BASE_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), settings.MAILER_RETRY_MAX_SECONDS)


def email_claim(*, pk: int, now: datetime | None = None) -> OutboxEmail | None:
    """Take the row for sending, or None if someone else holds it or it is not due.

    One conditional UPDATE: it succeeds for exactly one worker when the row is pending and
    due, or when a previous worker's lease on it has run out."""
    now = now or timezone.now()
    lease_end = now + timedelta(seconds=settings.MAILER_LEASE_SECONDS)
    claimed = (
        OutboxEmail.objects.filter(pk=pk)
        .filter(
            Q(status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now)
            | Q(status=OutboxEmail.Status.SENDING, locked_until__lt=now)
        )
        .update(
            status=OutboxEmail.Status.SENDING,
            locked_until=lease_end,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    if not claimed:
        return None
    return OutboxEmail.objects.get(pk=pk)


class OutboxMessage(EmailMultiAlternatives):
    """Text and HTML alternatives; images the HTML shows by Content-ID travel with the HTML
    part in a multipart/related (RFC 2387), so mail apps display them inline instead of
    listing them as attachments."""

    def __init__(self, *args, related_images: list[tuple[str, bytes]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.related_images = list(related_images)

    def message(self, **kwargs):
        msg = super().message(**kwargs)
        if self.related_images:
            html = next(part for part in msg.walk() if part.get_content_type() == "text/html")
            for content_id, png in self.related_images:
                name = content_id.split(".", 1)[0]
                html.add_related(
                    png,
                    maintype="image",
                    subtype="png",
                    cid=f"<{content_id}>",
                    disposition="inline",
                    filename=f"{name}.png",
                )
        return msg


def inline_image_render(image: dict) -> bytes:
    """The PNG of one stored inline image (see OutboxEmail.inline_images)."""
    if image.get("kind") == "qr":
        return qr_png(image["data"])
    raise ValueError(f"Unknown inline image kind: {image.get('kind')!r}")


def email_message(*, row: OutboxEmail) -> EmailMultiAlternatives:
    message = OutboxMessage(
        subject=row.subject,
        body=row.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=row.recipient_list,
        headers={**row.headers, "Message-ID": row.message_id, "Auto-Submitted": "auto-generated"},
        related_images=[
            (row.content_id(image["name"]), inline_image_render(image)) for image in row.inline_images
        ],
    )
    message.attach_alternative(row.html_body, "text/html")
    for file in row.attachments:
        message.attach(file["filename"], file["content"], file["mimetype"])
    return message


def _is_permanent(error: Exception) -> bool:
    """The server refused for good (5xx, every recipient rejected): retrying won't help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    if isinstance(error, smtplib.SMTPResponseException):
        return 500 <= error.smtp_code < 600
    return False


def _error_text(error: Exception) -> str:
    text = f"{type(error).__name__}: {error}"
    return re.sub(r"\s+", " ", text)[:2000]


def _lease_lost(pk: int, error: Exception) -> None:
    # Our lease ran out while we were failing and another worker owns the row now: its
    # outcome counts, ours is only logged.
    logger.warning("Email %s failed after its lease was taken over: %s", pk, error)
    return None


def email_deliver(*, pk: int) -> str | None:
    """Claim and send one row. Returns the row's new status, or None when it was not ours to
    send (already sent, held by another worker, or not due yet).

    A failure is recorded and the row goes back to pending with a backoff (a retry task is
    scheduled; the sweeper covers a lost one), or to failed after MAILER_MAX_ATTEMPTS."""
    from apps.mailer.tasks import deliver_email

    row = email_claim(pk=pk)
    if row is None:
        return None
    ours = OutboxEmail.objects.filter(pk=pk, status=OutboxEmail.Status.SENDING, locked_until=row.locked_until)
    try:
        email_message(row=row).send(using="default")
    except Exception as error:  # noqa: BLE001 - any failure to send is recorded and retried
        now = timezone.now()
        permanent = _is_permanent(error)
        if permanent or row.attempts >= settings.MAILER_MAX_ATTEMPTS:
            if not ours.update(
                status=OutboxEmail.Status.FAILED,
                locked_until=None,
                last_error=_error_text(error),
                updated_at=now,
            ):
                return _lease_lost(pk, error)
            logger.error("Email %s failed for good after %s attempt(s): %s", pk, row.attempts, error)
            return OutboxEmail.Status.FAILED
        delay = retry_delay(row.attempts)
        if not ours.update(
            status=OutboxEmail.Status.PENDING,
            locked_until=None,
            next_attempt_at=now + timedelta(seconds=delay),
            last_error=_error_text(error),
            updated_at=now,
        ):
            return _lease_lost(pk, error)
        logger.warning("Email %s attempt %s failed, retry in %.0fs: %s", pk, row.attempts, delay, error)
        deliver_email.schedule(args=(pk,), delay=delay)
        return OutboxEmail.Status.PENDING
    now = timezone.now()
    # Sent is sent: even if our lease ran out meanwhile, the row must not be sent again.
    OutboxEmail.objects.filter(pk=pk).exclude(status=OutboxEmail.Status.SENT).update(
        status=OutboxEmail.Status.SENT, sent_at=now, locked_until=None, updated_at=now
    )
    return OutboxEmail.Status.SENT


def email_due_for_sweep(*, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Rows whose delivery task was evidently lost: pending a lease past their due time, or
    sending past their lease (the worker died)."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.MAILER_LEASE_SECONDS)
    return list(
        OutboxEmail.objects.filter(
            Q(status=OutboxEmail.Status.PENDING, next_attempt_at__lt=now - lease)
            | Q(status=OutboxEmail.Status.SENDING, locked_until__lt=now)
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def email_sweep(*, now: datetime | None = None) -> int:
    """Queue a delivery for every stuck row; returns how many were queued."""
    from apps.mailer.tasks import deliver_email

    pks = email_due_for_sweep(now=now)
    for pk in pks:
        deliver_email(pk)
    if pks:
        logger.info("Mail sweeper re-queued %s email(s).", len(pks))
    return len(pks)


@transaction.atomic
def email_retry(*, pk: int) -> bool:
    """Staff retry: a failed (or waiting) row gets a fresh set of attempts, now.
    Returns False for a row that is sent or being sent (nothing to do)."""
    from apps.mailer.tasks import deliver_email

    now = timezone.now()
    updated = OutboxEmail.objects.filter(
        pk=pk, status__in=[OutboxEmail.Status.FAILED, OutboxEmail.Status.PENDING]
    ).update(
        status=OutboxEmail.Status.PENDING,
        attempts=0,
        next_attempt_at=now,
        locked_until=None,
        updated_at=now,
    )
    if updated:
        transaction.on_commit(lambda: deliver_email(pk), robust=True)
    return bool(updated)
