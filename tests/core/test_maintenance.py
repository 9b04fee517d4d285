"""MAINTENANCE_MODE: every write answers 503 "back soon" while pages go on being read."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def maintenance(settings):
    settings.MAINTENANCE_MODE = True
    settings.MAINTENANCE_RETRY_AFTER = 300


@pytest.mark.usefixtures("maintenance")
def test_a_form_post_gets_the_back_soon_page_and_changes_nothing(client, user):
    user.set_password("correct horse battery")
    user.save()
    response = client.post("/accounts/login/", {"login": user.email, "password": "correct horse battery"})
    assert response.status_code == 503
    assert response["Retry-After"] == "300"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Back soon" in html
    assert "read-only maintenance" in html
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("maintenance")
def test_pages_are_still_read(member_client):
    for url in ("/", "/jobs/", "/notifications/", "/healthz"):
        assert member_client.get(url).status_code == 200, url


@pytest.mark.usefixtures("maintenance")
def test_a_signed_in_members_post_is_refused_too(member_client):
    response = member_client.post("/notifications/read-all/")
    assert response.status_code == 503


@pytest.mark.usefixtures("maintenance")
def test_an_htmx_post_gets_the_message_as_a_toast(member_client):
    response = member_client.post("/notifications/read-all/", headers={"HX-Request": "true"})
    assert response.status_code == 503
    assert response["HX-Retarget"] == "#toasts"
    assert response["HX-Reswap"] == "beforeend"
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "<html" not in html


@pytest.mark.usefixtures("maintenance")
def test_an_api_post_gets_a_json_error(member_client):
    response = member_client.post("/api/mentor/v1/chat", data="{}", content_type="application/json")
    assert response.status_code == 503
    assert json.loads(response.content)["error"]["code"] == "maintenance"
    assert response["Retry-After"] == "300"


def test_posts_reach_the_views_when_maintenance_is_off(member_client):
    response = member_client.post("/notifications/read-all/")
    assert response.status_code != 503


def test_htmx_swaps_the_maintenance_toast():
    """htmx leaves 5xx answers unswapped unless told otherwise: the page's htmx-config
    swaps 503 so the toast appears."""
    from pathlib import Path

    from django.conf import settings

    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    config = base.split('name="htmx-config" content=\'')[1].split("'>")[0]
    handling = json.loads(config)["responseHandling"]
    codes = [rule["code"] for rule in handling]
    assert codes.index("503") < codes.index("[45]..")
    assert next(rule for rule in handling if rule["code"] == "503")["swap"] is True


@pytest.mark.usefixtures("maintenance")
def test_the_back_soon_page_is_valid_html(client, tmp_path):
    from tests.core.test_html_validity import nu_errors

    html = client.post("/jobs/").content.decode()
    assert nu_errors({"maintenance": html}, tmp_path) == []
