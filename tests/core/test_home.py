from __future__ import annotations

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from site_config.pages import HOME_SECTIONS_KEY
from tests.jobs.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_home_shows_demo_content_within_its_query_budget(member_client, django_assert_max_num_queries):
    call_command("seed_demo", "--size", "small", stdout=StringIO())
    Client().get("/")  # fills per-process caches (site, content types) as any earlier request would
    cache.delete(HOME_SECTIONS_KEY)

    with django_assert_max_num_queries(6):
        html = Client().get("/").content.decode()
    assert "Ogbomoso Tech" in html
    assert "Hackathons open now" in html
    assert "Latest jobs" in html
    assert "Trending in the community" in html

    member_client.get("/")  # the first request after logging in records the session
    # Warm: the sections come from the cache; a member costs only the session and user.
    with django_assert_max_num_queries(2):
        assert "Latest jobs" in member_client.get("/").content.decode()


def test_a_new_job_reaches_the_home_page_at_once_though_its_sections_are_cached(member_client):
    JobFactory(title="First role")
    assert "First role" in member_client.get("/").content.decode()  # sections now cached

    JobFactory(title="Brand new role")

    assert "Brand new role" in member_client.get("/").content.decode()


def test_home_lists_hackathons_a_visitor_can_join_not_closed_ones(client):
    from datetime import timedelta

    from django.utils import timezone

    from tests.hackathons.factories import HackathonFactory

    HackathonFactory(phase="running", title="Late joiners welcome")
    HackathonFactory(phase="open", title="Starts next week")
    closed = timezone.now() - timedelta(hours=1)
    HackathonFactory(phase="running", title="Registration closed", registration_deadline=closed)
    html = client.get("/").content.decode()
    section = html[html.index("Hackathons open now") :]
    assert "Late joiners welcome" in section and "Starts next week" in section
    assert "Registration closed" not in section
