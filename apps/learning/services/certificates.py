"""Certificates: issue with a random number, revoke, render the PDF."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.learning.models import Certificate, Course

# No 0/O or 1/I: numbers are read aloud and typed from paper.
NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
NUMBER_ATTEMPTS = 5


def certificate_number(*, year: int | None = None) -> str:
    """DT-<year>-XXXX-XXXX with 8 random characters (40 bits): not guessable, not sequential."""
    year = year or timezone.now().year
    chars = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(8))
    return f"DT-{year}-{chars[:4]}-{chars[4:]}"


def _recipient_name(user) -> str:
    return (getattr(user, "display_name", "") or user.get_full_name() or user.handle or "").strip()[:150]


@transaction.atomic
def certificate_issue(*, user, course: Course) -> Certificate:
    """The member's certificate for `course`: the existing one, or a new one with a fresh
    number (a clash with an existing number, however unlikely, draws again)."""
    from apps.learning.services.rewards import reward_course

    existing = Certificate.objects.filter(user=user, course=course).first()
    if existing is not None:
        return existing
    for _ in range(NUMBER_ATTEMPTS):
        try:
            with transaction.atomic():
                certificate = Certificate.objects.create(
                    number=certificate_number(),
                    user=user,
                    course=course,
                    recipient_name=_recipient_name(user),
                    course_title=course.title,
                )
            break
        except IntegrityError:
            existing = Certificate.objects.filter(user=user, course=course).first()
            if existing is not None:  # issued concurrently
                return existing
    else:
        raise RuntimeError("Could not draw a free certificate number.")
    reward_course(user=user, certificate=certificate)
    certificate_id = certificate.pk

    def render_later() -> None:
        from apps.learning.tasks import certificate_pdf_task

        certificate_pdf_task(certificate_id)

    transaction.on_commit(render_later)
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str) -> Certificate:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the certificate is revoked."})
    if certificate.revoked_at is not None:
        raise ValidationError("This certificate is already revoked.")
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:300]
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    return certificate


def certificate_pdf_render(*, certificate: Certificate, verify_url: str) -> Certificate:
    """Render the certificate's PDF (WeasyPrint, from the same template as the page) and
    keep it: later downloads serve the stored file."""
    from apps.learning.certificate_pdf import render_certificate_pdf

    data = render_certificate_pdf(certificate=certificate, verify_url=verify_url)
    if certificate.pdf:
        certificate.pdf.delete(save=False)
    certificate.pdf.save(f"{certificate.number}.pdf", ContentFile(data), save=False)
    certificate.pdf_generated_at = timezone.now()
    certificate.save(update_fields=["pdf", "pdf_generated_at"])
    return certificate
