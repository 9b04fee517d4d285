"""Staff pages for the outbox: what is stuck or failed, why, and a retry button."""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST, require_safe

from apps.core.decorators import staff_required
from apps.core.htmx import HtmxHttpRequest, is_partial_request, render_page
from apps.core.next_url import safe_next_url
from apps.core.pagination import paginate
from apps.core.permissions import is_verified_staff
from apps.mailer.models import OutboxEmail
from apps.mailer.selectors import STATUS_FILTERS, outbox_list
from apps.mailer.services import email_retry, inline_image_render

# The stored mail is shown as it will be read: its inline styles apply, nothing else does
# (no scripts, no remote images, no forms), and the document is sandboxed.
PREVIEW_CSP = {
    "default-src": ["'none'"],
    "style-src": ["'unsafe-inline'"],
    "img-src": ["data:"],
    "sandbox": True,
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'none'"],
}


def outbox_email_get_for_staff(*, user, pk: int) -> OutboxEmail:
    """The one access helper for a single outbox row (staff_required has run already)."""
    if not is_verified_staff(user):
        raise Http404
    try:
        return OutboxEmail.objects.get(pk=pk)
    except OutboxEmail.DoesNotExist:
        raise Http404 from None


@require_safe
@staff_required
def outbox_email_list(request: HtmxHttpRequest) -> HttpResponse:
    status = request.GET.get("status", "attention")
    if status not in STATUS_FILTERS:
        status = "attention"
    page = paginate(request, outbox_list(status=status), per_page=50)
    tabs = [(value, label) for value, (label, _) in STATUS_FILTERS.items()]
    context = {"page_obj": page, "status": status, "tabs": tabs}
    return render_page(request, "mailer/outbox_list.html", context, partial="outbox-results")


@require_POST
@staff_required
def outbox_email_retry(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    email = outbox_email_get_for_staff(user=request.user, pk=pk)
    queued = email_retry(pk=email.pk)
    email.refresh_from_db()
    back = safe_next_url(request, reverse("mailer_staff:outbox-list"))
    if is_partial_request(request):
        context = {"email": email, "retried": queued, "next": back}
        return render_page(request, "mailer/outbox_list.html#outbox-row", context)
    if queued:
        messages.success(request, f"Retrying the email to {email.recipients}.")
    else:
        messages.info(request, "That email is already sent or being sent; nothing to retry.")
    return redirect(back)


@require_safe
@staff_required
@csp_override(PREVIEW_CSP)
def outbox_email_preview(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    email = outbox_email_get_for_staff(user=request.user, pk=pk)
    html = email.html_body
    # Inline images travel as attachments; the preview shows them in place.
    for image in email.inline_images:
        data = base64.b64encode(inline_image_render(image)).decode()
        html = html.replace(f"cid:{email.content_id(image['name'])}", f"data:image/png;base64,{data}")
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["X-Robots-Tag"] = "noindex"
    return response
