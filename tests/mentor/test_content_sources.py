"""The mentor reads other apps only through their `mentor.py`, and those offer only what
anyone may see."""

from __future__ import annotations

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from apps.core.mentor import MentorContent
from apps.mentor.content import content_sources, member_context_kinds, member_profile
from apps.mentor.models import ContextType
from tests.mentor.factories import give_skills, make_job, make_post

pytestmark = pytest.mark.django_db


def test_every_kind_the_api_names_is_offered_by_an_apps_mentor_module():
    sources, skipped = content_sources()

    # Public content, then a member's own things (their career quiz result).
    assert list(sources) + member_context_kinds() == list(ContextType.values)
    assert skipped == []
    assert all(isinstance(source, MentorContent) for source in sources.values())


def test_the_mentor_reads_other_apps_only_through_their_mentor_modules():
    root = Path(settings.BASE_DIR) / "apps" / "mentor"
    reaching = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr == "get_model":
                reaching.append(f"{path.name}:{node.lineno}: get_model")
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("apps."):
                app = node.module.split(".")[1]
                if app not in {"core", "mentor"}:
                    reaching.append(f"{path.name}:{node.lineno}: {node.module}")

    assert reaching == []


def test_what_is_not_public_is_never_offered():
    sources, _ = content_sources()
    draft_job = make_job(title="Draft role", published=False)
    expired_job = make_job(title="Old role")
    expired_job.expires_at = timezone.now() - timedelta(days=1)
    expired_job.save(update_fields=["expires_at"])
    hidden_post = make_post(title="Hidden", body="Kubernetes notes", hidden=True)
    draft_post = make_post(title="Draft", body="Kubernetes notes", published=False)

    assert sources["job"].get(pk=draft_job.pk) is None
    assert sources["job"].get(pk=expired_job.pk) is None
    assert sources["post"].get(pk=hidden_post.pk) is None
    assert sources["post"].get(pk=draft_post.pk) is None
    assert sources["job"].search(terms=["role"], limit=5) == []
    assert sources["post"].search(terms=["kubernetes"], limit=5) == []
    assert sources["job"].newest(limit=5) == [] and sources["post"].newest(limit=5) == []


def test_an_untitled_post_is_named_by_the_start_of_its_text():
    post = make_post(title="", body="A long story about learning Rust " * 4)

    item = content_sources()[0]["post"].get(pk=post.pk)

    assert item.title == item.text[:60] + "…"
    assert item.url == post.get_absolute_url()


def test_the_members_profile_comes_from_the_profiles_app():
    from tests.accounts.factories import UserFactory

    member = UserFactory()
    assert member_profile(member).skills == ()

    give_skills(member, "Rust", "Go")

    profile = member_profile(member)
    assert profile.handle == member.handle
    assert sorted(profile.skills) == ["Go", "Rust"]
