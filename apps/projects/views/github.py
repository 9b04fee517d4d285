"""GitHub: the repository settings page (webhook URL and secret), and the webhook itself."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.htmx import HtmxHttpRequest, redirect_after_post
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors
from apps.projects import selectors
from apps.projects.access import project_access
from apps.projects.forms import GitHubForm
from apps.projects.models import Project
from apps.projects.services import (
    DeliveryRefused,
    delivery_receive,
    github_link,
    github_secret_rotate,
    payload_parse,
    signature_valid,
)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def github_settings(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="manage_github")
    project = access.project
    form = GitHubForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            github_link(project=project, data=form.cleaned_data)
        except ValidationError as exc:
            form_add_service_errors(form, exc)
        else:
            messages.success(request, "The GitHub settings are saved.")
            return redirect_after_post(request, "projects:github", pk=pk)
        project.refresh_from_db()
    context = {
        "project": project,
        "access": access,
        "form": form,
        "webhook_url": request.build_absolute_uri(reverse("hooks:github", args=[project.pk])),
        "commits": selectors.commits_recent(project=project),
        "deliveries": list(
            project.deliveries.only("delivery_id", "event", "received", "processed", "result")[:10]
        ),
    }
    return render(request, "projects/github_settings.html", context)


@login_required
@ratelimit(key="user", rate=setting_rate("PROJECTS_WRITE_RATE"), method="POST", block=True)
@require_POST
def github_secret_rotate_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    access = project_access(user=request.user, pk=pk, action="manage_github")
    github_secret_rotate(project=access.project)
    messages.success(
        request, "A new secret is ready. Paste it into GitHub; the old one works until the next change."
    )
    return redirect_after_post(request, "projects:github", pk=pk)


@login_required
@ratelimit(key="user", rate=setting_rate("GITHUB_SYNC_RATE"), method="POST", block=True)
@require_POST
def github_sync_view(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    from apps.projects.tasks import github_sync

    access = project_access(user=request.user, pk=pk, action="manage_github")
    if not access.project.github_repo:
        messages.error(request, "Link a repository first.")
    else:
        github_sync(access.project.pk)
        messages.success(request, "Fetching the latest commits from GitHub.")
    return redirect_after_post(request, "projects:github", pk=pk)


def _hook_key(group: str, request) -> str:
    return request.path


@csrf_exempt
@ratelimit(key=_hook_key, rate=setting_rate("GITHUB_WEBHOOK_RATE"), method="POST", block=True)
@require_POST
def github_webhook(request, project: int) -> HttpResponse:
    """GitHub's webhook: verify, store once, answer at once; a huey task does the work.

    413 for a body over GITHUB_WEBHOOK_MAX_BYTES, 404 for an unknown project or one without a
    linked repository, 401 for a missing or wrong signature, 400 for a malformed delivery,
    202 when stored, 200 for a delivery id already seen (it changes nothing)."""
    limit = settings.GITHUB_WEBHOOK_MAX_BYTES
    try:
        declared = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        declared = 0
    if declared > limit:
        return _answer(413, "The payload is too large.")
    body = request.read(limit + 1)
    if len(body) > limit:
        return _answer(413, "The payload is too large.")
    target = (
        Project.objects.filter(pk=project)
        .only("pk", "github_repo", "webhook_secret", "webhook_secret_previous")
        .first()
    )
    if target is None or not target.webhook_secret:
        return _answer(404, "No project with a linked repository here.")
    header = request.headers.get("X-Hub-Signature-256", "")
    if not signature_valid(
        body=body, header=header, secrets_=[target.webhook_secret, target.webhook_secret_previous]
    ):
        return _answer(401, "The signature does not match this project's secret.")
    event = request.headers.get("X-GitHub-Event", "")
    delivery_id = request.headers.get("X-GitHub-Delivery", "")
    if not event or len(event) > 50 or not delivery_id or len(delivery_id) > 100:
        return _answer(400, "X-GitHub-Event and X-GitHub-Delivery are required.")
    try:
        payload = payload_parse(body=body, content_type=request.content_type or "")
    except DeliveryRefused as exc:
        return _answer(exc.status, exc.message)
    delivery = delivery_receive(project=target, event=event, delivery_id=delivery_id, payload=payload)
    if delivery is None:
        return _answer(200, "This delivery was already received; nothing changed.")
    return _answer(202, "Accepted.")


def _answer(status: int, message: str) -> JsonResponse:
    return JsonResponse({"message": message}, status=status)
