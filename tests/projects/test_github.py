"""GitHub: the fake GitHub signs and sends real deliveries over HTTP to the live site; every
webhook rule is checked through it. The commit sync fetches from the fake's REST API."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.test import Client
from django.urls import reverse

from apps.projects.models import Commit, PullRequest, Task, WebhookDelivery
from apps.projects.services import github_commits_sync, github_link, github_secret_rotate, task_create
from tests.accounts.factories import UserFactory
from tests.projects.factories import ProjectFactory

SHA = "0123456789abcdef0123456789abcdef01234567"


def _project(**kwargs):
    project = ProjectFactory(task_prefix="DT", **kwargs)
    github_link(
        project=project, data={"github_repo": "octo/site", "github_branches": kwargs.pop("branches", "")}
    )
    project.refresh_from_db()
    return project


def _push(*messages: str, branch: str = "main", author: dict | None = None) -> dict:
    return {
        "ref": f"refs/heads/{branch}",
        "repository": {"full_name": "octo/site"},
        "commits": [
            {
                "id": f"{n:x}{SHA[1:]}"[:40],
                "message": message,
                "url": f"https://github.com/octo/site/commit/{n}",
                "timestamp": "2026-12-04T10:00:00Z",
                "author": author or {"name": "Octo", "email": "octo@example.com", "username": "octo-dev"},
            }
            for n, message in enumerate(messages, start=1)
        ],
    }


def _hook(live_server, project) -> str:
    return f"{live_server.url}{reverse('hooks:github', args=[project.pk])}"


@pytest.fixture
def board(transactional_db):
    project = _project()
    tasks = [task_create(project=project, actor=project.creator, title=f"Task {n}") for n in range(1, 4)]
    return project, tasks


def _status(task) -> str:
    return Task.objects.get(pk=task.pk).status


def test_a_signed_push_stores_commits_links_tasks_and_moves_them(live_server, fake_github, board):
    project, (one, two, three) = board
    author = UserFactory(email="octo@example.com")
    status, body = fake_github.deliver(
        _hook(live_server, project), event="push", secret=project.webhook_secret,
        payload=_push("Start DT-1", "Finish DT-2 #done", "fixes DT-3: the footer", "Nothing here"),
    )  # fmt: skip
    assert status == 202, body
    assert Commit.objects.filter(project=project).count() == 4
    assert _status(one) == "todo" and _status(two) == "done" and _status(three) == "done"
    assert list(Commit.objects.get(message="Start DT-1").tasks.all()) == [one]
    assert Commit.objects.get(message="Start DT-1").author == author  # matched by email
    assert WebhookDelivery.objects.get().processed is not None
    client = Client()
    client.force_login(project.creator)
    page = client.get(two.get_absolute_url()).content.decode()
    assert "Finish DT-2 #done" in page and 'data-testid="task-commits"' in page and "Done" in page


def test_a_bad_or_missing_signature_gets_401_and_changes_nothing(live_server, fake_github, board):
    project, (one, *_rest) = board
    url = _hook(live_server, project)
    status, _ = fake_github.deliver(url, event="push", secret="not-the-secret", payload=_push("DT-1 #done"))
    assert status == 401
    status, _ = fake_github.deliver(
        url, event="push", secret=project.webhook_secret, payload=_push("DT-1 #done"), signature=""
    )
    assert status == 401
    status, _ = fake_github.deliver(
        url, event="push", secret=project.webhook_secret, payload=_push("DT-1 #done"), signature="sha1=abc"
    )
    assert status == 401
    assert not WebhookDelivery.objects.exists() and not Commit.objects.exists() and _status(one) == "todo"


def test_a_redelivery_or_replay_changes_nothing(live_server, fake_github, board):
    project, (one, *_rest) = board
    url = _hook(live_server, project)
    payload = _push("DT-1 #review")
    assert (
        fake_github.deliver(
            url, event="push", secret=project.webhook_secret, payload=payload, delivery="abc-1"
        )[0]
        == 202
    )
    assert _status(one) == "review"
    Task.objects.filter(pk=one.pk).update(status="todo")  # someone moved it back by hand
    status, body = fake_github.deliver(
        url, event="push", secret=project.webhook_secret, payload=payload, delivery="abc-1"
    )
    assert status == 200 and "already received" in body["message"]
    assert _status(one) == "todo" and WebhookDelivery.objects.count() == 1 and Commit.objects.count() == 1
    # The same commits in a new delivery are not stored twice and move nothing again.
    assert (
        fake_github.deliver(
            url, event="push", secret=project.webhook_secret, payload=payload, delivery="abc-2"
        )[0]
        == 202
    )
    assert Commit.objects.count() == 1 and _status(one) == "todo"


def test_the_previous_secret_still_works_during_a_rotation(live_server, fake_github, board):
    project, (one, *_rest) = board
    old = project.webhook_secret
    new = github_secret_rotate(project=project)
    url = _hook(live_server, project)
    assert fake_github.deliver(url, event="push", secret=old, payload=_push("DT-1 #review"))[0] == 202
    assert fake_github.deliver(url, event="push", secret=new, payload=_push("x", "DT-1 #done"))[0] == 202
    assert _status(one) == "done"
    github_secret_rotate(project=project)  # the oldest secret retires
    assert fake_github.deliver(url, event="ping", secret=old, payload={"zen": "hi"})[0] == 401


def test_oversized_and_malformed_deliveries_are_refused_cleanly(live_server, fake_github, board, settings):
    project, _tasks = board
    url = _hook(live_server, project)
    secret = project.webhook_secret
    assert fake_github.deliver(url, event="push", secret=secret, body=b"{not json")[0] == 400
    assert fake_github.deliver(url, event="push", secret=secret, body=b"[1, 2]")[0] == 400
    assert fake_github.deliver(url, event="push", secret=secret, body=b"\xff\xfe")[0] == 400
    assert fake_github.deliver(url, event="", secret=secret, payload={})[0] == 400
    settings.GITHUB_WEBHOOK_MAX_BYTES = 1000
    assert fake_github.deliver(url, event="push", secret=secret, payload={"pad": "x" * 2000})[0] == 413
    other = f"{live_server.url}{reverse('hooks:github', args=[999999])}"
    assert fake_github.deliver(other, event="push", secret=secret, payload={})[0] == 404
    assert not WebhookDelivery.objects.exists()


def test_the_branch_filter_keeps_other_branches_out(live_server, fake_github, transactional_db):
    project = ProjectFactory(task_prefix="DT")
    github_link(project=project, data={"github_repo": "octo/site", "github_branches": "main, release/*"})
    project.refresh_from_db()
    task = task_create(project=project, actor=project.creator, title="a")
    url = _hook(live_server, project)
    fake_github.deliver(
        url, event="push", secret=project.webhook_secret, payload=_push("DT-1 #done", branch="experiment")
    )
    assert _status(task) == "todo" and not Commit.objects.exists()
    assert "filtered out" in WebhookDelivery.objects.get().result
    fake_github.deliver(
        url, event="push", secret=project.webhook_secret, payload=_push("DT-1 #done", branch="release/1.2")
    )
    assert _status(task) == "done" and Commit.objects.get().branch == "release/1.2"


def _pull(
    action: str,
    *,
    merged: bool = False,
    title: str = "Footer fix",
    body: str = "Closes DT-1",
    head: str = "feature",
) -> dict:
    return {
        "action": action,
        "repository": {"full_name": "octo/site"},
        "pull_request": {
            "number": 7, "title": title, "body": body, "state": "closed" if action == "closed" else "open",
            "merged": merged, "html_url": "https://github.com/octo/site/pull/7", "user": {"login": "octo-dev"},
            "head": {"ref": head},
        },
    }  # fmt: skip


def test_a_pull_request_moves_its_tasks_to_review_then_done(live_server, fake_github, board):
    project, (one, two, _three) = board
    url = _hook(live_server, project)
    secret = project.webhook_secret
    assert (
        fake_github.deliver(
            url, event="pull_request", secret=secret, payload=_pull("opened", head="DT-2-footer")
        )[0]
        == 202
    )
    assert _status(one) == "review" and _status(two) == "review"
    pull = PullRequest.objects.get()
    assert pull.state == "open" and set(pull.tasks.values_list("number", flat=True)) == {1, 2}
    fake_github.deliver(url, event="pull_request", secret=secret, payload=_pull("closed", merged=True))
    assert _status(one) == "done" and PullRequest.objects.get().state == "merged"


def test_pull_request_moves_follow_the_project_settings(live_server, fake_github, board):
    project, (one, *_rest) = board
    github_link(project=project, data={"github_pr_opened_status": "", "github_pr_merged_status": "review"})
    url = _hook(live_server, project)
    fake_github.deliver(url, event="pull_request", secret=project.webhook_secret, payload=_pull("opened"))
    assert _status(one) == "todo"
    fake_github.deliver(
        url, event="pull_request", secret=project.webhook_secret, payload=_pull("closed", merged=True)
    )
    assert _status(one) == "review"
    fake_github.deliver(
        url, event="pull_request", secret=project.webhook_secret, payload=_pull("closed", merged=False)
    )
    assert _status(one) == "review"


def test_ping_and_unused_events_are_accepted_and_recorded(live_server, fake_github, board):
    project, _tasks = board
    url = _hook(live_server, project)
    assert (
        fake_github.deliver(
            url, event="ping", secret=project.webhook_secret, payload={"zen": "Keep it simple."}
        )[0]
        == 202
    )
    assert (
        fake_github.deliver(url, event="star", secret=project.webhook_secret, payload={"action": "created"})[
            0
        ]
        == 202
    )
    assert sorted(WebhookDelivery.objects.values_list("result", flat=True)) == [
        "pong",
        "star events are not used",
    ]
    assert list(WebhookDelivery.objects.values_list("payload", flat=True)) == [{}, {}]  # emptied once done


def test_the_webhook_answers_without_a_session_or_csrf_token(client, db):
    """GitHub sends no cookie or CSRF token: a signed POST through the test client (which
    enforces CSRF here) is accepted."""
    project = _project()
    body = json.dumps({"zen": "hi"}).encode()
    signature = "sha256=" + hmac.new(project.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
    response = Client(enforce_csrf_checks=True).post(
        reverse("hooks:github", args=[project.pk]), body, content_type="application/json",
        headers={"X-Hub-Signature-256": signature, "X-GitHub-Event": "ping", "X-GitHub-Delivery": "d-1"},
    )  # fmt: skip
    assert response.status_code == 202


def test_the_github_page_shows_the_webhook_url_and_secret_to_leads_only(client, db):
    lead, dev = UserFactory(), UserFactory()
    project = _project(members={lead: "lead", dev: "developer"})
    client.force_login(lead)
    html = client.get(reverse("projects:github", args=[project.pk])).content.decode()
    assert project.webhook_secret in html and reverse("hooks:github", args=[project.pk]) in html
    client.force_login(dev)
    assert client.get(reverse("projects:github", args=[project.pk])).status_code == 403
    client.force_login(lead)
    response = client.post(reverse("projects:github", args=[project.pk]), {"github_repo": "not a repo"})
    assert response.status_code == 200 and "owner/name" in response.content.decode()


def test_the_commit_sync_fetches_from_the_api_and_survives_its_rate_limit(fake_github, db):
    project = _project()
    task = task_create(project=project, actor=project.creator, title="a")
    fake_github.repo_commits["octo/site"] = [
        {"sha": SHA, "html_url": "https://github.com/octo/site/commit/1", "author": {"login": "octo-dev"},
         "commit": {"message": "DT-1 #in-progress wire it", "author": {"name": "Octo", "email": "o@example.com", "date": "2026-12-01T09:00:00Z"}}},
    ]  # fmt: skip
    assert github_commits_sync(project_pk=project.pk) == "1 new commit fetched."
    assert _status(task) == "in_progress" and Commit.objects.get().tasks.get() == task
    assert github_commits_sync(project_pk=project.pk) == "0 new commits fetched."
    fake_github.rate_limited = True
    note = github_commits_sync(project_pk=project.pk)
    assert "rate limit" in note
    project.refresh_from_db()
    assert project.github_sync_note == note
    fake_github.rate_limited = False
    github_link(project=project, data={"github_repo": "octo/missing"})
    assert "does not know" in github_commits_sync(project_pk=project.pk)
    assert "GET /api/v3/repos/octo/site/commits" in fake_github.requests


def test_the_sweep_processes_deliveries_a_lost_worker_dropped(db):
    import datetime

    from django.utils import timezone

    from apps.projects.tasks import github_deliveries_sweep

    project = _project()
    task = task_create(project=project, actor=project.creator, title="a")
    WebhookDelivery.objects.create(
        project=project, delivery_id="lost", event="push", payload=_push("DT-1 #done")
    )
    WebhookDelivery.objects.update(received=timezone.now() - datetime.timedelta(minutes=10))
    assert github_deliveries_sweep.call_local() == 1
    assert _status(task) == "done" and github_deliveries_sweep.call_local() == 0


def test_a_commit_author_is_matched_by_github_login(db):
    from allauth.socialaccount.models import SocialAccount

    from apps.projects.services.github import commit_store

    member = UserFactory()
    SocialAccount.objects.create(user=member, provider="github", uid="42", extra_data={"login": "Octo-Dev"})
    project = _project()
    data = {"id": SHA, "message": "hello", "author": {"name": "O", "email": "", "username": "octo-dev"}}
    commit, created = commit_store(project=project, repository="octo/site", branch="main", data=data)
    assert created and commit.author == member
    assert commit_store(project=project, repository="octo/site", branch="main", data=data) == (commit, False)
    bad = {"id": "not-a-sha", "message": "x"}
    assert commit_store(project=project, repository="octo/site", branch="main", data=bad) == (None, False)
