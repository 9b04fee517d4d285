"""Certificate verification: public, no login, addressed by number (not by handle, so it
survives a handle change); the PDF; staff revocation."""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import staff_required
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.permissions import is_verified_staff
from apps.core.rates import setting_rate
from apps.core.service_errors import message_service_error
from apps.learning import services
from apps.learning.certificate_pdf import qr_data_uri
from apps.learning.forms import RevokeForm
from apps.learning.models import CERTIFICATE_NUMBER_PATTERN, Certificate
from apps.learning.tasks import verify_url

_NUMBER = re.compile(CERTIFICATE_NUMBER_PATTERN)


def _certificate(number: str) -> Certificate:
    number = number.strip().upper()
    if not _NUMBER.match(number):
        raise Http404("No such certificate.")
    certificate = Certificate.objects.select_related("course", "user").filter(number=number).first()
    if certificate is None:
        raise Http404("No such certificate.")
    return certificate


@require_safe
def certificate_detail(request: HtmxHttpRequest, number: str) -> HttpResponse:
    certificate = _certificate(number)
    url = verify_url(certificate)
    context = {
        "certificate": certificate,
        "verify_url": url,
        "qr": qr_data_uri(url),
        "revoke_form": RevokeForm(),
        "can_revoke": is_verified_staff(request.user),
    }
    return render_page(request, "learning/certificate_detail.html", context)


@require_safe
def certificate_pdf(request: HtmxHttpRequest, number: str) -> HttpResponse:
    """The stored PDF; rendered now if the task has not run yet (it is then kept)."""
    certificate = _certificate(number)
    if certificate.is_revoked:
        raise Http404("This certificate was revoked.")
    if not certificate.pdf:
        services.certificate_pdf_render(certificate=certificate, verify_url=verify_url(certificate))
    response = FileResponse(certificate.pdf.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{certificate.number}.pdf"'
    return response


@staff_required
@require_POST
@ratelimit(key="user", rate=setting_rate("LEARNING_WRITE_RATE"), method="POST", block=True)
def certificate_revoke(request: HtmxHttpRequest, number: str) -> HttpResponse:
    certificate = _certificate(number)
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.certificate_revoke(certificate=certificate, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        message_service_error(request, exc)
    else:
        messages.success(request, f"Certificate {certificate.number} is revoked.")
    return redirect_after_post(request, "certificates:certificate-detail", number=certificate.number)
