"""Project forms' rate limits count only what was saved, and a limited post gets its form back
with everything typed and a message (a chosen image must be chosen again)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.projects.models import Project
from tests.accounts.factories import UserFactory
from tests.events.test_rate_limits import assert_form_keeps
from tests.profiles.factories import image_upload
from tests.projects.factories import ProjectFactory
from tests.projects.test_views import _form

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
LIMIT_TEXT = "sent too many times from your account"


@pytest.mark.parametrize("view", ["create", "edit"])
def test_project_forms_count_only_saved_projects(member_client, settings, view):
    settings.PROJECTS_WRITE_RATE = "1/h"
    if view == "create":
        url = reverse("projects:create")
    else:
        url = reverse("projects:edit", args=[ProjectFactory(creator=member_client.user).pk])
    for _ in range(3):
        response = member_client.post(url, _form(repository_url="not a url"))
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
    assert member_client.post(url, _form(title="Accepted")).status_code == 302

    data = _form(title="Limited", description="Typed\nwith care.", technologies_text="Go, HTMX")
    response = member_client.post(url, data | {"image_upload": image_upload()})

    assert response.status_code == 429
    html = response.content.decode()
    assert "<html" in html and LIMIT_TEXT in html and "but the image must be chosen again" in html
    assert_form_keeps(html, data)
    assert not Project.objects.filter(title="Limited").exists()


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_invitations_count_only_sent_ones(member_client, settings, headers):
    settings.PROJECTS_WRITE_RATE = "1/h"
    project = ProjectFactory(creator=member_client.user)
    url = reverse("projects:invite", args=[project.pk])
    first, second = UserFactory(), UserFactory()
    for _ in range(3):  # no such member: not counted
        response = member_client.post(url, {"handle": "ghost", "role": "developer"}, headers=headers)
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
    data = {"handle": first.handle, "role": "developer"}
    assert member_client.post(url, data, headers=headers).status_code in (200, 302)

    data = {"handle": second.handle, "role": "developer"}
    response = member_client.post(url, data, headers=headers)

    assert response.status_code == 429
    html = response.content.decode()
    assert LIMIT_TEXT in html
    if headers:
        assert html.lstrip().startswith('<section id="invite"')
    assert_form_keeps(html[html.index('id="invite"') :], {"handle": second.handle})
    assert list(project.join_requests.values_list("member", flat=True)) == [first.pk]


def test_the_webhook_is_rate_limited_per_project(client, settings):
    import hashlib
    import hmac

    from apps.projects.services import github_link

    settings.GITHUB_WEBHOOK_RATE = "2/m"
    busy, quiet = ProjectFactory(), ProjectFactory()
    for project in (busy, quiet):
        github_link(project=project, data={"github_repo": "octo/site"})
        project.refresh_from_db()

    def ping(project, n):
        body = b'{"zen": "hi"}'
        signature = "sha256=" + hmac.new(project.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
        headers = {
            "X-Hub-Signature-256": signature,
            "X-GitHub-Event": "ping",
            "X-GitHub-Delivery": f"{project.pk}-{n}",
        }
        return client.post(
            reverse("hooks:github", args=[project.pk]), body, content_type="application/json", headers=headers
        )

    assert [ping(busy, n).status_code for n in range(3)] == [202, 202, 429]
    assert ping(quiet, 0).status_code == 202


def test_requests_to_join_count_only_sent_ones(member_client, settings):
    from apps.projects.models import JoinRequest

    settings.PROJECTS_JOIN_RATE = "1/h"
    closed = ProjectFactory(looking_for_contributors=False)
    first, second = (
        ProjectFactory(looking_for_contributors=True),
        ProjectFactory(looking_for_contributors=True),
    )
    for _ in range(3):  # refused: not counted
        member_client.post(reverse("projects:join", args=[closed.pk]))
    member_client.post(reverse("projects:join", args=[first.pk]))
    response = member_client.post(reverse("projects:join", args=[second.pk]), follow=True)
    assert LIMIT_TEXT in response.content.decode()
    assert list(JoinRequest.objects.values_list("project", flat=True)) == [first.pk]
