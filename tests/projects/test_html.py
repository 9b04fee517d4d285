"""The workspace pages are valid HTML by the Nu validator (see tests/core/test_html_validity.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.projects.services import join_ask, member_invite, task_create
from tests.accounts.factories import UserFactory
from tests.core.test_html_validity import nu_errors
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_workspace_pages_are_valid_html(client, tmp_path):
    lead, dev = UserFactory(handle="lead_one"), UserFactory(handle="dev_one")
    project = ProjectFactory(members={lead: "lead", dev: "developer"}, looking_for_contributors=True)
    project.github_repo = "octo/site"
    project.webhook_secret = "s" * 40
    project.save()
    task = task_create(project=project, actor=lead, title="Valid <b>HTML</b>", description="*hi*",
                       labels=["ui"], assignee_ids=[dev.pk])  # fmt: skip
    join_ask(project=project, member=UserFactory(), message="Hello")
    member_invite(project=project, handle=UserFactory().handle, role="reviewer", actor=lead)
    member_invite(project=ProjectFactory(), handle=lead.handle, role="developer", actor=None)
    client.force_login(lead)
    urls = {
        "board": reverse("projects:board", args=[project.pk]),
        "tasks": reverse("projects:tasks", args=[project.pk]),
        "task": task.get_absolute_url(),
        "task-edit": task.edit_url,
        "task-new": reverse("projects:task-create", args=[project.pk]),
        "members": reverse("projects:members", args=[project.pk]),
        "github": reverse("projects:github", args=[project.pk]),
        "project": project.get_absolute_url(),
        "edit": reverse("projects:edit", args=[project.pk]),
        "mine": reverse("projects:mine"),
        "open": reverse("projects:open"),
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        pages[name] = response.content.decode()
    errors = nu_errors(pages, tmp_path)
    assert errors == [], "\n".join(errors)
