"""/healthz answers while the process lives; /readyz while the database, cache and queue do."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from huey.contrib.djhuey import HUEY

pytestmark = pytest.mark.django_db


def test_healthz_asks_nothing_of_the_database_cache_or_queue(client, django_assert_num_queries, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis went away")

    monkeypatch.setattr(HUEY.storage, "queue_size", broken)
    monkeypatch.setattr(cache, "set", broken)
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


def test_readyz_answers_503_when_the_queue_is_unreachable(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis went away")

    monkeypatch.setattr(HUEY.storage, "queue_size", broken)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content) == {
        "status": "error",
        "database": "ok",
        "cache": "ok",
        "queue": "error",
    }
    assert client.get("/healthz").status_code == 200


def test_readyz_answers_503_when_the_cache_loses_what_it_stored(client, monkeypatch):
    monkeypatch.setattr(cache, "get", lambda *args, **kwargs: None)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["cache"] == "error"


@pytest.mark.usefixtures("page_cache")
@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_health_answers_are_never_cached(client, url, django_assert_num_queries):
    for _ in range(2):
        response = client.get(url)
        assert "no-store" in response["Cache-Control"]
    # /readyz runs its checks on every call, the page cache on or not.
    if url == "/readyz":
        with django_assert_num_queries(1):
            client.get(url)


def test_health_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
