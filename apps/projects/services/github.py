"""GitHub: linking a repository, receiving its signed webhook, turning pushes and pull
requests into commits and task moves, and fetching commits through the REST API.

Rules a push or pull request applies (Taiga/Zulip style):
- a message naming `DT-12` links the commit to task DT-12 of the project (its own prefix);
- `DT-12 #done` (also `#review`, `#in-progress`, `#todo`) or `fixes|closes|resolves DT-12`
  moves the task;
- a pull request that opens moves the tasks it names (title, body or branch) to the project's
  "opened" column (Review by default), a merged one to its "merged" column (Done by default);
- the branch filter (`main, release/*`) limits which pushes count; empty means every branch.
"""

from __future__ import annotations

import fnmatch
import hashlib
import hmac
import json
import logging
import re
import secrets
from datetime import UTC, datetime
from typing import Any

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from apps.projects.models import Commit, Project, PullRequest, Task, WebhookDelivery
from apps.projects.services.board import activity_record, task_move

logger = logging.getLogger(__name__)

MAX_COMMITS_PER_PUSH = 100
STATUS_TAGS = {
    "todo": Task.Status.TODO,
    "in-progress": Task.Status.IN_PROGRESS,
    "inprogress": Task.Status.IN_PROGRESS,
    "review": Task.Status.REVIEW,
    "done": Task.Status.DONE,
    "closed": Task.Status.DONE,
}
CLOSING_WORDS = ("fix", "fixes", "fixed", "close", "closes", "closed", "resolve", "resolves", "resolved")


# --- Linking a repository ------------------------------------------------------------------


def _new_secret() -> str:
    return secrets.token_hex(20)


@transaction.atomic
def github_link(*, project: Project, data: dict[str, Any]) -> Project:
    """Save the repository and rules; the first link generates the webhook secret."""
    for name in ("github_repo", "github_branches", "github_pr_opened_status", "github_pr_merged_status"):
        if name in data:
            setattr(project, name, (data[name] or "").strip())
    for name in ("github_pr_opened_status", "github_pr_merged_status"):
        if getattr(project, name) and getattr(project, name) not in Task.Status.values:
            raise ValidationError({name: "Choose one of the board's columns."})
    if project.github_repo and not project.webhook_secret:
        project.webhook_secret = _new_secret()
    project.full_clean(exclude=["technologies", "wanted_skills", "members"])
    project.save(
        update_fields=["github_repo", "github_branches", "github_pr_opened_status", "github_pr_merged_status",
                       "webhook_secret", "updated"]
    )  # fmt: skip
    return project


@transaction.atomic
def github_secret_rotate(*, project: Project) -> str:
    """A new secret; the old one keeps working until the next rotation so deliveries signed
    while the member updates GitHub are not lost."""
    project.webhook_secret_previous = project.webhook_secret
    project.webhook_secret = _new_secret()
    project.save(update_fields=["webhook_secret", "webhook_secret_previous", "updated"])
    return project.webhook_secret


# --- Receiving a delivery -------------------------------------------------------------------


class DeliveryRefused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def signature_valid(*, body: bytes, header: str, secrets_: list[str]) -> bool:
    """HMAC-SHA256 of the raw body against `X-Hub-Signature-256` ("sha256=<hex>"), compared in
    constant time with each configured secret."""
    if not header.startswith("sha256="):
        return False
    given = header.removeprefix("sha256=").encode()
    ok = False
    for secret in secrets_:
        if secret:
            expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest().encode()
            ok |= hmac.compare_digest(expected, given)
    return ok


def payload_parse(*, body: bytes, content_type: str) -> dict:
    """The JSON payload, sent as application/json or as the form field `payload`."""
    try:
        if content_type.startswith("application/x-www-form-urlencoded"):
            from urllib.parse import parse_qs

            text = parse_qs(body.decode("utf-8"), strict_parsing=False).get("payload", [""])[0]
        else:
            text = body.decode("utf-8")
        payload = json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise DeliveryRefused(400, "The body is not valid JSON.") from exc
    if not isinstance(payload, dict):
        raise DeliveryRefused(400, "The payload must be a JSON object.")
    return payload


def delivery_receive(
    *, project: Project, event: str, delivery_id: str, payload: dict
) -> WebhookDelivery | None:
    """Store a verified delivery, once. None when this delivery id was seen before."""
    try:
        with transaction.atomic():
            delivery = WebhookDelivery.objects.create(
                project=project, delivery_id=delivery_id, event=event, payload=payload
            )
    except IntegrityError:
        return None
    from apps.projects.tasks import github_delivery_process

    transaction.on_commit(lambda: github_delivery_process(delivery.pk))
    return delivery


# --- Processing -----------------------------------------------------------------------------


def _key_pattern(prefix: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z0-9])({re.escape(prefix)})-(\d{{1,9}})(?![0-9])", re.IGNORECASE)


def task_references(*, project: Project, text: str) -> dict[int, str | None]:
    """Task numbers named in `text`, each with the column the text moves it to (or None)."""
    found: dict[int, str | None] = {}
    closing = re.compile(
        rf"\b(?:{'|'.join(CLOSING_WORDS)})\s*:?\s+{re.escape(project.task_prefix)}-(\d{{1,9}})\b",
        re.IGNORECASE,
    )
    for match in _key_pattern(project.task_prefix).finditer(text):
        number = int(match.group(2))
        tag = re.match(r"\s+#([a-z-]+)", text[match.end() :], re.IGNORECASE)
        move = STATUS_TAGS.get(tag.group(1).lower()) if tag else None
        found[number] = move or found.get(number)
    for match in closing.finditer(text):
        found[int(match.group(1))] = Task.Status.DONE
    return found


def branch_allowed(*, project: Project, branch: str) -> bool:
    patterns = [p.strip() for p in project.github_branches.split(",") if p.strip()]
    return not patterns or any(fnmatch.fnmatchcase(branch, p) for p in patterns)


def _author(*, login: str, email: str):
    User = get_user_model()
    if login:
        from allauth.socialaccount.models import SocialAccount

        account = (
            SocialAccount.objects.filter(
                provider="github", extra_data__login__iexact=login, user__is_active=True
            )
            .select_related("user")
            .first()
        )
        if account is not None:
            return account.user
    if email and not email.endswith("@users.noreply.github.com"):
        from allauth.account.models import EmailAddress

        address = EmailAddress.objects.filter(
            email__iexact=email, verified=True, user__is_active=True
        ).first()
        if address is not None:
            return address.user
        return User.objects.filter(email__iexact=email, is_active=True).first()
    return None


def _tasks(project: Project, numbers) -> dict[int, Task]:
    return {
        t.number: t
        for t in Task.objects.select_related("project").filter(project=project, number__in=list(numbers))
    }


def commit_store(*, project: Project, repository: str, branch: str, data: dict) -> tuple[Commit | None, bool]:
    """Store one commit of a push or of the API (idempotent on its sha), link the tasks it
    names and apply its moves once, when it is first seen."""
    sha = str(data.get("id") or data.get("sha") or "")[:40]
    if not re.fullmatch(r"[0-9a-f]{7,40}", sha):
        return None, False
    inner = data.get("commit") if isinstance(data.get("commit"), dict) else {}
    author = data.get("author") if isinstance(data.get("author"), dict) else {}
    inner_author = inner.get("author") if isinstance(inner.get("author"), dict) else {}
    message = str(data.get("message") or inner.get("message") or "")[:5_000]
    login = str(author.get("username") or author.get("login") or "")[:39]
    email = str(author.get("email") or inner_author.get("email") or "")[:254]
    name = str(author.get("name") or inner_author.get("name") or "")[:200]
    when = parse_datetime(str(data.get("timestamp") or inner_author.get("date") or "")) or None
    url = str(data.get("url") or data.get("html_url") or "")
    if not url.startswith("https://"):
        url = ""
    try:
        with transaction.atomic():
            commit = Commit.objects.create(
                project=project, repository=repository, sha=sha, message=message, branch=branch[:200],
                author_name=name, author_email=email, author_login=login, author=_author(login=login, email=email),
                url=url[:500], committed=when,
            )  # fmt: skip
    except IntegrityError:
        return Commit.objects.filter(project=project, repository=repository, sha=sha).first(), False
    references = task_references(project=project, text=message)
    tasks = _tasks(project, references)
    if tasks:
        commit.tasks.set(tasks.values())
    for number, task in tasks.items():
        activity_record(task=task, actor=commit.author, verb="linked commit", detail=f"{commit.short_sha} {commit.headline}"[:300],
                        notify_people=False)  # fmt: skip
        move = references[number]
        if move and task.status != move:
            task_move(task=task, actor=commit.author, status=move, via=f"commit {commit.short_sha}")
    return commit, True


def _push(project: Project, payload: dict) -> str:
    ref = str(payload.get("ref") or "")
    if not ref.startswith("refs/heads/"):
        return "not a branch push"
    branch = ref.removeprefix("refs/heads/")
    if not branch_allowed(project=project, branch=branch):
        return f"branch {branch} is filtered out"
    repository = str((payload.get("repository") or {}).get("full_name") or project.github_repo)[:140]
    commits = payload.get("commits") if isinstance(payload.get("commits"), list) else []
    stored = 0
    for data in commits[:MAX_COMMITS_PER_PUSH]:
        if (
            isinstance(data, dict)
            and commit_store(project=project, repository=repository, branch=branch, data=data)[1]
        ):
            stored += 1
    return f"{stored} new commit{'s' if stored != 1 else ''} on {branch}"


def _pull_request(project: Project, payload: dict) -> str:
    action = str(payload.get("action") or "")
    pr = payload.get("pull_request") if isinstance(payload.get("pull_request"), dict) else None
    if pr is None or not isinstance(pr.get("number"), int):
        return "no pull request in the payload"
    repository = str((payload.get("repository") or {}).get("full_name") or project.github_repo)[:140]
    merged = bool(pr.get("merged"))
    state = PullRequest.State.MERGED if merged else (
        PullRequest.State.CLOSED if pr.get("state") == "closed" else PullRequest.State.OPEN
    )  # fmt: skip
    url = str(pr.get("html_url") or "")
    row, _ = PullRequest.objects.update_or_create(
        project=project, repository=repository, number=pr["number"],
        defaults={
            "title": str(pr.get("title") or "")[:300], "state": state,
            "url": url[:500] if url.startswith("https://") else "",
            "author_login": str((pr.get("user") or {}).get("login") or "")[:39], "updated": timezone.now(),
        },
    )  # fmt: skip
    head = str((pr.get("head") or {}).get("ref") or "")
    text = "\n".join([str(pr.get("title") or ""), str(pr.get("body") or ""), head.replace("_", " ")])
    tasks = _tasks(project, task_references(project=project, text=text))
    new = [t for t in tasks.values() if not row.tasks.filter(pk=t.pk).exists()]
    row.tasks.add(*tasks.values())
    for task in new:
        activity_record(
            task=task,
            actor=None,
            verb="linked pull request",
            detail=f"#{row.number} {row.title}",
            notify_people=False,
        )
    target = ""
    if action in ("opened", "reopened", "ready_for_review") and not merged:
        target = project.github_pr_opened_status
    elif action == "closed" and merged:
        target = project.github_pr_merged_status
    for task in tasks.values():
        if target and task.status != target:
            task_move(task=task, actor=None, status=target, via=f"pull request #{row.number} {action}")
    return f"pull request #{row.number} {action}"


@transaction.atomic
def delivery_process(*, delivery_pk: int) -> str:
    delivery = (
        WebhookDelivery.objects.select_for_update().select_related("project").filter(pk=delivery_pk).first()
    )
    if delivery is None or delivery.processed is not None:
        return "already processed"
    handlers = {"push": _push, "pull_request": _pull_request}
    handler = handlers.get(delivery.event)
    if delivery.event == "ping":
        result = "pong"
    elif handler is None:
        result = f"{delivery.event} events are not used"
    else:
        result = handler(delivery.project, delivery.payload)
    delivery.processed = timezone.now()
    delivery.result = result[:300]
    delivery.payload = {}  # commit authors' emails are kept on Commit rows, not twice
    delivery.save(update_fields=["processed", "result", "payload"])
    return result


# --- Fetching commits through the REST API --------------------------------------------------


def github_commits_sync(*, project_pk: int, branch: str = "") -> str:
    """Fetch the repository's latest commits (one page) and store the ones not seen yet. A
    rate-limited or failing API leaves a note on the project instead of an error."""
    project = Project.objects.filter(pk=project_pk).first()
    if project is None or not project.github_repo:
        return "no repository"
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
    if settings.GITHUB_API_TOKEN:
        headers["Authorization"] = f"Bearer {settings.GITHUB_API_TOKEN}"
    params = {"per_page": settings.GITHUB_SYNC_COMMITS}
    if branch:
        params["sha"] = branch
    url = f"{settings.GITHUB_API_URL.rstrip('/')}/repos/{project.github_repo}/commits"
    try:
        response = requests.get(url, headers=headers, params=params, timeout=settings.GITHUB_API_TIMEOUT)
    except requests.RequestException as exc:
        return _sync_note(project, f"GitHub could not be reached ({exc.__class__.__name__}).")
    if response.status_code in (403, 429) and (
        response.headers.get("X-RateLimit-Remaining") == "0" or response.status_code == 429
    ):
        reset = response.headers.get("X-RateLimit-Reset", "")
        when = (
            datetime.fromtimestamp(int(reset), tz=UTC).strftime("%H:%M UTC") if reset.isdigit() else "later"
        )
        return _sync_note(project, f"GitHub's rate limit is reached; try again after {when}.")
    if response.status_code == 404:
        return _sync_note(project, "GitHub does not know that repository (or it is private).")
    if response.status_code != 200:
        return _sync_note(project, f"GitHub answered {response.status_code}.")
    try:
        rows = response.json()
    except ValueError:
        return _sync_note(project, "GitHub's answer was not JSON.")
    if not isinstance(rows, list):
        return _sync_note(project, "GitHub's answer was not a list of commits.")
    stored = 0
    with transaction.atomic():
        for data in rows[: settings.GITHUB_SYNC_COMMITS]:
            if (
                isinstance(data, dict)
                and commit_store(project=project, repository=project.github_repo, branch=branch, data=data)[1]
            ):
                stored += 1
    note = f"{stored} new commit{'s' if stored != 1 else ''} fetched."
    Project.objects.filter(pk=project.pk).update(github_synced=timezone.now(), github_sync_note=note)
    return note


def _sync_note(project: Project, note: str) -> str:
    Project.objects.filter(pk=project.pk).update(github_sync_note=note[:300])
    logger.info("projects: GitHub sync of %s: %s", project.github_repo, note)
    return note
