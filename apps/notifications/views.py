from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, is_partial_request, render_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.notifications import selectors, services
from apps.notifications.forms import PreferencesForm
from apps.notifications.models import Notification


@private_page
@login_required
@require_safe
def notification_list(request: HtmxHttpRequest) -> HttpResponse:
    page_obj = paginate(request, selectors.notification_list(user=request.user), per_page=30)
    return render_page(request, "notifications/list.html", {"page_obj": page_obj}, partial="list")


@private_page
@login_required
@require_safe
def bell(request: HtmxHttpRequest) -> HttpResponse:
    """The unread badge, polled by the bell in the nav."""
    count = selectors.unread_count(user=request.user)
    return render(request, "notifications/_bell.html#badge", {"unread_count": count})


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("NOTIFICATIONS_WRITE_RATE"), method="POST", block=True)
def notification_read(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    try:
        notification = services.notification_mark_read(user=request.user, pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    if is_partial_request(request):
        count = selectors.unread_count(user=request.user)
        return render(
            request,
            "notifications/list.html#item",
            {"notification": notification, "unread_count": count, "oob_badge": True},
        )
    return redirect("notifications:list")


@login_required
@require_safe
def notification_open(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Follow a notification's link and mark it read (marking your own notification read is
    the only effect, so a GET is safe enough and keeps links openable in a new tab)."""
    try:
        notification = services.notification_mark_read(user=request.user, pk=pk)
    except Notification.DoesNotExist as exc:
        raise Http404 from exc
    return redirect(notification.url or "notifications:list")


@private_page
@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("NOTIFICATIONS_WRITE_RATE"), method="POST", block=True)
def notification_read_all(request: HtmxHttpRequest) -> HttpResponse:
    services.notification_mark_all_read(user=request.user)
    if is_partial_request(request):
        page_obj = paginate(request, selectors.notification_list(user=request.user), per_page=30)
        ctx = {"page_obj": page_obj, "unread_count": 0, "oob_badge": True}
        return render(request, "notifications/list.html#list", ctx)
    messages.success(request, "All notifications marked as read.")
    return redirect("notifications:list")


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HtmxHttpRequest) -> HttpResponse:
    # Only saved choices count; a limited save gets the form back as it was set.
    rate = form_budget("notifications.preferences", "NOTIFICATIONS_WRITE_RATE", key="user")
    wait = form_rate_wait(request, **rate) if request.method == "POST" else None
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid() and not wait:
            services.preferences_set(
                user=request.user, channels=form.channels(), weekly_digest=form.cleaned_data["weekly_digest"]
            )
            form_rate_count(request, **rate)
            messages.success(request, "Notification preferences saved.")
            return redirect("notifications:preferences")
        if wait:
            form.add_error(None, form_rate_message(wait, account=True))
    else:
        channels = selectors.preferences_for(user=request.user)
        initial = {f"kind_{kind}": channel for kind, channel in channels.items()}
        initial["weekly_digest"] = selectors.weekly_digest_enabled(user=request.user)
        form = PreferencesForm(initial=initial)
    status = 429 if wait else 200
    return render_page(
        request, "notifications/preferences.html", {"form": form}, partial="form", status=status
    )


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request: HtmxHttpRequest, token: str) -> HttpResponse:
    """The link in every email a member can turn off. GET shows a button (mail scanners open
    links); POST unsubscribes without a login: the button, or the mail app's one-click
    "List-Unsubscribe=One-Click" POST (RFC 8058), which carries no CSRF token: the signed
    link is the credential."""
    try:
        user, topic = services.unsubscribe_token_load(token)
    except services.UnsubscribeLinkInvalid:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=404)
    done = request.method == "POST"
    if done:
        services.email_unsubscribe(user=user, topic=topic)
    context = {"what": services.unsubscribe_topics()[topic], "done": done, "email": user.email}
    return render(request, "notifications/unsubscribe.html", context)
