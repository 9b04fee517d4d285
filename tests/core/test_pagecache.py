"""The whole-page cache (apps.core.pagecache): what is served from it, to whom, and when it
is renewed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from apps.core.pagecache import CSRF_PLACEHOLDER, NONCE_PLACEHOLDER
from tests.accounts.factories import UserFactory
from tests.jobs.factories import JobFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]
JOBS = reverse("jobs:job-list")


def nonces(response) -> tuple[str, str]:
    """The nonce in the CSP header and the nonce on the page's scripts."""
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    page = re.search(r'<script [^>]*nonce="([^"]+)"', response.content.decode()).group(1)
    return header, page


def test_a_visitor_is_served_the_cached_page_without_a_query(django_assert_num_queries):
    JobFactory(title="Backend developer")
    Client().get(JOBS)

    with django_assert_num_queries(0):
        response = Client().get(JOBS)

    assert response.status_code == 200
    assert "Backend developer" in response.content.decode()


def test_a_head_request_records_the_whole_page_for_the_next_get(django_assert_num_queries):
    JobFactory(title="Backend developer")
    assert Client().head(JOBS).status_code == 200

    with django_assert_num_queries(0):
        response = Client().get(JOBS)

    assert "Backend developer" in response.content.decode()


def test_every_response_gets_its_own_nonce():
    recorded = Client().get(JOBS)
    served = Client().get(JOBS)

    for response in (recorded, served):
        header_nonce, page_nonce = nonces(response)
        assert header_nonce == page_nonce
        assert NONCE_PLACEHOLDER not in response.content.decode()
    assert nonces(recorded)[0] != nonces(served)[0]


def test_a_visitor_s_page_without_a_form_sets_no_cookie():
    Client().get(JOBS)

    served = Client().get(JOBS)

    assert not served.cookies
    assert CSRF_PLACEHOLDER not in served.content.decode()


def test_a_cached_page_s_form_carries_a_csrf_token_that_works_for_its_reader():
    member = UserFactory(handle="ada")
    feed = reverse("community:feed")
    recorder = Client()
    recorder.force_login(member)
    recorder.get(feed)
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(member)

    served = reader.get(feed)

    body = served.content.decode()
    assert CSRF_PLACEHOLDER not in body
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    logout = reader.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
    assert logout.status_code == 302


def test_a_change_in_the_app_shows_at_once():
    Client().get(JOBS)

    JobFactory(title="Data engineer")

    assert "Data engineer" in Client().get(JOBS).content.decode()


def test_a_change_that_sends_no_signal_shows_once_the_service_bumps_the_version():
    from apps.core import pagecache

    job = JobFactory(title="Old title")
    Client().get(JOBS)
    # A service that writes a shown field with UPDATE stamps updated_at (the card's version).
    type(job).objects.filter(pk=job.pk).update(title="New title", updated_at=timezone.now())
    assert "Old title" in Client().get(JOBS).content.decode(), "an UPDATE alone is not seen"

    pagecache.bump("jobs")

    assert "New title" in Client().get(JOBS).content.decode()


def test_the_full_page_and_its_htmx_partial_are_kept_apart():
    JobFactory()
    full = Client().get(JOBS)
    partial = Client().get(JOBS, headers={"HX-Request": "true"})
    full_again = Client().get(JOBS)

    assert "<html" in full.content.decode() and "<html" in full_again.content.decode()
    assert "<html" not in partial.content.decode()


def test_signed_in_members_never_get_the_visitors_copy(member_client):
    Client().get(JOBS)

    body = member_client.get(JOBS).content.decode()

    assert f"@{member_client.user.handle}" in body
    assert "Log in" not in body


def test_each_member_gets_their_own_feed_and_visitors_their_own():
    ada, bola = UserFactory(handle="ada"), UserFactory(handle="bola")
    clients = {}
    for member in (ada, bola):
        clients[member.handle] = Client()
        clients[member.handle].force_login(member)
    feed = reverse("community:feed")

    for _ in range(2):
        assert "@ada" in clients["ada"].get(feed).content.decode()
        assert "@bola" in clients["bola"].get(feed).content.decode()
        visitor = Client().get(feed).content.decode()
        assert "@ada" not in visitor and "@bola" not in visitor


def test_a_visitor_with_a_message_waiting_sees_it_instead_of_the_cached_page():
    home = reverse("home")
    Client().get(home)
    leaving = Client()
    leaving.force_login(UserFactory())

    response = leaving.post(reverse("account_logout"), follow=True)

    assert response.redirect_chain[-1][0] == home
    assert "signed out" in response.content.decode()


def test_a_member_s_cached_feed_is_not_served_once_the_member_is_deactivated():
    member = UserFactory(handle="ada")
    client = Client()
    client.force_login(member)
    feed = reverse("community:feed")
    assert "@ada" in client.get(feed).content.decode()

    member.is_active = False
    member.save()

    assert "@ada" not in client.get(feed).content.decode()


def test_a_login_elsewhere_does_not_renew_the_cached_pages(django_assert_num_queries):
    JobFactory()
    Client().get(JOBS)

    Client().force_login(UserFactory())  # stamps last_login

    with django_assert_num_queries(0):
        Client().get(JOBS)


def test_the_event_page_shows_each_seat_taken_but_is_not_renewed_by_unconfirmed_sign_ups(
    django_assert_num_queries,
):
    from apps.events.tokens import confirm_token
    from tests.events.factories import EventFactory, RegistrationFactory

    event = EventFactory(capacity=10)
    page = event.get_absolute_url()
    assert "10 of 10 left" in Client().get(page).content.decode()

    registration = RegistrationFactory(event=event)  # signed up, not confirmed: no seat yet
    with django_assert_num_queries(0):
        assert "10 of 10 left" in Client().get(page).content.decode()

    Client().post(reverse("events:confirm", kwargs={"token": confirm_token(registration)}))

    assert "9 of 10 left" in Client().get(page).content.decode()


def test_a_profile_edit_does_not_renew_the_job_list(django_assert_num_queries):
    from apps.profiles.models import Profile

    JobFactory()
    profile, _ = Profile.objects.get_or_create(user=UserFactory())
    Client().get(JOBS)

    profile.headline = "Backend developer"
    profile.save()
    with django_assert_num_queries(0):
        Client().get(JOBS)


def test_a_write_in_a_process_that_never_loaded_the_site_s_urls_renews_pages():
    """The queue worker and management commands import no views, which is where pages
    declare what they are built from; their writes must renew pages all the same."""
    version_key = "pagecache:version:jobs"
    cache.delete(version_key)
    code = (
        "import django; django.setup()\n"
        "from django.db.models.signals import post_save\n"
        "from apps.jobs.models import Job\n"
        "post_save.send(sender=Job, instance=Job(), created=True)\n"
    )
    # Only the cache is shared with this test; the process needs no database of its own.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "site_config.settings",
        "DATABASE_URL": "sqlite://:memory:",
    }
    subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, check=True, timeout=60)

    assert cache.get(version_key) is not None
