"""The key pages are valid HTML by the Nu validator (vnu.jar, the checker behind
validator.w3.org/nu), run locally: `make test` installs it under var/vnu/ (see the Makefile)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

VNU_JAR = Path(
    os.environ.get("VNU_JAR", settings.BASE_DIR / "var/vnu/node_modules/vnu-jar/build/dist/vnu.jar")
)


def nu_errors(pages: dict[str, str], tmp_path: Path) -> list[str]:
    """Every error the validator reports, as `name:line: message`, for all pages in one run
    (the JVM starts once)."""
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: `make vnu` installs the Nu validator"
    files = []
    for name, html in pages.items():
        path = tmp_path / f"{name}.html"
        path.write_text(html)
        files.append(str(path))
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--format", "json", "--errors-only", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [
        f"{Path(message.get('url', '')).stem}:{message.get('lastLine', '?')}: {message['message']}"
        for message in messages
    ]


@pytest.fixture
def site_pages(client):
    """One of each key page, with content in it, as a visitor and as a signed-in member."""
    from tests.accounts.factories import UserFactory
    from tests.community.factories import CommentFactory, PostFactory, TagFactory
    from tests.events.factories import EventFactory
    from tests.hackathons.factories import HackathonFactory
    from tests.jobs.factories import JobFactory
    from tests.profiles.factories import ProfileFactory
    from tests.projects.factories import ProjectFactory

    member = UserFactory(handle="ada")
    ProfileFactory(user=member, bio="Builds **things**.")
    event = EventFactory(slug="otei-2027", name="OTEI 2027")
    hackathon = HackathonFactory()
    job = JobFactory(skills=["Python"])
    project = ProjectFactory(creator=member)
    post = PostFactory(author=member, tags=[TagFactory(name="python")])
    CommentFactory(post=post, author=member)
    untitled = PostFactory(author=member, title="")

    visitor_paths = {
        "home": "/",
        "events": "/events/",
        "event": f"/events/{event.slug}/",
        "register": f"/events/{event.slug}/register/",
        "sponsor": f"/events/{event.slug}/sponsor/",
        "hackathons": "/hackathons/",
        "hackathon": f"/hackathons/{hackathon.slug}/",
        "jobs": "/jobs/",
        "job": f"/jobs/{job.pk}/",
        "projects": "/projects/",
        "project": f"/projects/{project.pk}/",
        "profile": f"/u/{member.handle}/",
        "post": f"/posts/{post.pk}/",
        "post-untitled": f"/posts/{untitled.pk}/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
    }
    member_paths = {
        "feed": "/feed/",
        "mentor": "/mentor/",
        "settings": "/accounts/settings/",
        "profile-settings": "/settings/profile/",
        "post-new": "/posts/new/",
        "project-new": "/projects/new/",
        "search": "/search/?q=python",
        "tag": "/tags/python/",
        "teams": f"/hackathons/{hackathon.slug}/teams/",
        "notifications": "/notifications/",
        "job-applications": "/jobs/applications/",
    }
    pages = {}
    for name, path in visitor_paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    client.force_login(member)
    for name, path in member_paths.items():
        response = client.get(path)
        assert response.status_code == 200, path
        pages[name] = response.content.decode()
    return pages


def test_key_pages_have_no_html_validation_errors(site_pages, tmp_path):
    assert nu_errors(site_pages, tmp_path) == []


def test_every_key_page_has_exactly_one_main_heading(site_pages):
    assert {name: html.count("<h1") for name, html in site_pages.items() if html.count("<h1") != 1} == {}


def test_validator_reports_invalid_markup(tmp_path):
    errors = nu_errors({"broken": "<!doctype html><title>x</title><p><div>unclosed</span>"}, tmp_path)
    assert errors
