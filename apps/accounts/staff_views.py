"""Staff page for two-factor enrolment links: a verified staff member issues a single-use,
expiring link that lets another staff account set up an authenticator app."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.accounts import two_factor as otp
from apps.core.decorators import staff_required
from apps.core.htmx import HtmxHttpRequest, render_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.core.service_errors import message_service_error


@staff_required
@require_safe
def enrolment_list(request: HtmxHttpRequest) -> HttpResponse:
    page = paginate(request, otp.staff_two_factor_overview())
    context = {"page_obj": page, "lifetime_hours": int(otp.ENROLMENT_LINK_LIFETIME.total_seconds() // 3600)}
    return render_page(request, "accounts/staff_enrolment_list.html", context, partial="results")


@never_cache
@staff_required
@require_POST
@ratelimit(key="user", rate=setting_rate("ACCOUNTS_TWO_FACTOR_RATE"), method="POST", block=True)
def enrolment_issue(request: HtmxHttpRequest, user_id: int) -> HttpResponse:
    member = get_user_model().objects.filter(pk=user_id, is_staff=True).first()
    if member is None:
        raise Http404("No such staff account.")
    try:
        enrolment, token = otp.staff_enrolment_issue(issued_by=request.user, user=member)
    except (ValidationError, PermissionDenied) as error:
        message_service_error(request, error)
        return redirect("staff:two-factor")
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:two-factor-enrol", args=[token])
    context = {"member": member, "link": link, "enrolment": enrolment}
    return render(request, "accounts/staff_enrolment_link.html", context)
