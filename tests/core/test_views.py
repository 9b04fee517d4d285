from __future__ import annotations

import json

import pytest
from django.test import RequestFactory
from django.utils import timezone

from apps.core.views import rate_limited

pytestmark = pytest.mark.django_db


def test_readyz_reports_each_service_ok(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok", "queue": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_pages_vary_on_hx_request(client):
    response = client.get("/")
    assert "HX-Request" in response["Vary"]


def test_home_page_links_every_area_of_the_site(client):
    html = client.get("/").content.decode()
    for path in ("/events/", "/hackathons/", "/jobs/", "/projects/", "/feed/", "/mentor/", "/privacy/"):
        assert f'href="{path}"' in html


def test_scripts_carry_the_response_nonce(client):
    response = client.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    html = response.content.decode()
    assert html.count("<script") == html.count(f'nonce="{nonce}"')
    assert " style=" not in html


@pytest.mark.parametrize("path", ["/", "/hackathons/", "/jobs/", "/projects/"])
def test_read_only_pages_answer_head_like_get_without_a_body(client, path):
    response = client.head(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert response.content == b""


def test_read_only_pages_refuse_writes(client):
    assert client.post("/jobs/").status_code == 405


def test_missing_page_is_the_styled_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_rate_limited_page_is_a_styled_429():
    request = RequestFactory().post("/events/otei/register/")
    request.htmx = False
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = rate_limited(request)
    assert response.status_code == 429
    assert "Slow down" in response.content.decode()


def test_rate_limited_htmx_request_gets_a_toast_not_a_page():
    from django.contrib.auth.models import AnonymousUser
    from django_htmx.middleware import HtmxDetails

    request = RequestFactory().post("/events/otei/register/", HTTP_HX_REQUEST="true")
    request.htmx = HtmxDetails(request)
    request.user = AnonymousUser()
    response = rate_limited(request)
    assert response.status_code == 429
    assert response["HX-Retarget"] == "#toasts"
    assert "<html" not in response.content.decode()
    assert "what you typed is still here" in response.content.decode()


def test_bad_page_number_gives_the_nearest_page():
    from apps.accounts.models import User
    from apps.core.pagination import paginate

    request = RequestFactory().get("/?page=999")
    page = paginate(request, User.objects.order_by("pk"), per_page=5)
    assert page.number == 1
    request = RequestFactory().get("/?page=<script>")
    assert paginate(request, User.objects.order_by("pk")).number == 1


def test_machine_datetime_is_valid_html_for_datetimes_and_dates():
    from datetime import UTC, date, datetime

    from apps.core.templatetags.core_tags import machine_datetime

    with timezone.override("Africa/Lagos"):
        assert (
            machine_datetime(datetime(2027, 2, 2, 19, 3, 54, 340601, tzinfo=UTC))
            == "2027-02-02T20:03:54+01:00"
        )
    assert machine_datetime(date(2027, 2, 2)) == "2027-02-02"
    assert machine_datetime(None) == ""
