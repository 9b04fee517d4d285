from __future__ import annotations

import io

import pytest
from django.apps import apps
from django.core.management import call_command


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in {"sessions", "admin"}
    }


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_seed_demo_fills_every_area_and_is_idempotent():
    call_command("seed_demo", "--size", "small", stdout=io.StringIO())
    first = row_counts()
    # A newcomer sees a living site: every area has content.
    for label in (
        "accounts.User",
        "events.Event",
        "hackathons.Hackathon",
        "jobs.Job",
        "projects.Project",
        "community.Post",
    ):
        if label in first:
            assert first[label] > 0, f"seed_demo left {label} empty"
    output = io.StringIO()
    call_command("seed_demo", "--size", "small", stdout=output)
    assert row_counts() == first, "running seed_demo twice must add nothing"
    assert "Demo data (small) is in place." in output.getvalue()
