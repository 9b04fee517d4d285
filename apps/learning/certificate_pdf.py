"""The certificate as a PDF: WeasyPrint renders the same certificate partial the
verification page shows, with a QR code (segno, through apps.core.qr) to that page."""

from __future__ import annotations

from django.template.loader import render_to_string

from apps.core.qr import qr_make
from apps.learning.models import Certificate


def qr_data_uri(url: str) -> str:
    return qr_make(url).svg_data_uri(scale=4, border=4)


def render_certificate_pdf(*, certificate: Certificate, verify_url: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "learning/certificate_document.html",
        {
            "certificate": certificate,
            "verify_url": verify_url,
            "qr": qr_data_uri(verify_url),
            "for_print": True,
        },
    )
    return HTML(string=html, base_url=verify_url).write_pdf()
