from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from huey.contrib.djhuey import db_task

from apps.learning.models import Certificate
from apps.learning.services import attempt_check, certificate_pdf_render

logger = logging.getLogger(__name__)


@db_task()
def attempt_check_task(attempt_id: int) -> None:
    """Check one submitted attempt in the sandbox (see services.attempts)."""
    attempt_check(attempt_id=attempt_id)


def verify_url(certificate: Certificate) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(
        "certificates:certificate-detail", args=[certificate.number]
    )


@db_task(retries=2, retry_delay=30)
def certificate_pdf_task(certificate_id: int) -> None:
    """Render a certificate's PDF once, so downloads serve a stored file."""
    certificate = Certificate.objects.filter(pk=certificate_id).select_related("course").first()
    if certificate is None or certificate.pdf:
        return
    certificate_pdf_render(certificate=certificate, verify_url=verify_url(certificate))
    logger.info("learning: certificate %s rendered", certificate.number)
