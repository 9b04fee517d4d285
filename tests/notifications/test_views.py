from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.notifications.models import Channel, DigestSubscription, Notification, NotificationPreference
from apps.notifications.services import notify
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _make(user, n: int) -> None:
    for i in range(n):
        notify(recipient=user, kind="mention", verb=f"mentioned you #{i}", actor=UserFactory(), url="/feed/")


def test_list_needs_login(client):
    response = client.get("/notifications/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_list_shows_only_my_notifications(member_client):
    _make(member_client.user, 2)
    stranger = UserFactory()
    notify(recipient=stranger, kind="mention", verb="secret mention", actor=UserFactory())
    response = member_client.get("/notifications/")
    body = response.content.decode()
    assert "mentioned you #0" in body and "mentioned you #1" in body
    assert "secret mention" not in body


def test_list_htmx_returns_only_the_list_partial(member_client):
    _make(member_client.user, 1)
    response = member_client.get(
        "/notifications/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="notification-list"
    )
    body = response.content.decode()
    assert 'id="notification-list"' in body
    assert "<html" not in body


def test_list_query_count_is_pinned_at_1_and_50_rows(member_client, assert_page_queries):
    def add_rows(n):
        return _make(member_client.user, n)

    page = assert_page_queries(member_client, reverse("notifications:list"), add_rows=add_rows)
    assert page.count <= 8  # the page budget, session and user included
    assert page.response.content.decode().count("data-notification") == 30  # one page


def test_bell_shows_the_unread_count(member_client, django_assert_max_num_queries):
    _make(member_client.user, 3)
    Notification.objects.filter(pk=Notification.objects.first().pk).update(read_at=timezone.now())
    member_client.get("/notifications/bell/", HTTP_HX_REQUEST="true")  # warm the session
    with django_assert_max_num_queries(5):  # the HTMX partial budget
        response = member_client.get("/notifications/bell/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert 'data-unread="2"' in body
    assert "2 unread" in body
    assert 'data-hx-trigger="every 30s"' in body


def test_bell_in_page_polls_on_load_and_every_30s_with_a_link_fallback(member_client):
    body = member_client.get("/notifications/preferences/").content.decode()
    assert 'data-hx-get="/notifications/bell/"' in body
    assert 'data-hx-trigger="load, every 30s"' in body
    assert 'href="/notifications/"' in body


def test_mark_read_plain_post_redirects(member_client):
    _make(member_client.user, 1)
    n = Notification.objects.get()
    response = member_client.post(f"/notifications/{n.pk}/read/")
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.read_at is not None


def test_mark_read_htmx_swaps_the_item_and_updates_the_badge(member_client):
    _make(member_client.user, 2)
    n = Notification.objects.first()
    response = member_client.post(f"/notifications/{n.pk}/read/", HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert f'id="notification-{n.pk}"' in body
    assert 'data-hx-swap-oob="true"' in body and 'data-unread="1"' in body


def test_cannot_mark_someone_elses_notification(member_client):
    stranger = UserFactory()
    notify(recipient=stranger, kind="mention", verb="x", actor=UserFactory())
    n = Notification.objects.get()
    assert member_client.post(f"/notifications/{n.pk}/read/").status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read(member_client):
    _make(member_client.user, 3)
    other = UserFactory()
    notify(recipient=other, kind="mention", verb="x", actor=UserFactory())
    response = member_client.post("/notifications/read-all/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Notification.objects.filter(recipient=member_client.user, read_at__isnull=True).count() == 0
    assert Notification.objects.filter(recipient=other, read_at__isnull=True).count() == 1
    response = member_client.post("/notifications/read-all/")
    assert response.status_code == 302


def test_mark_read_rejects_get(member_client):
    assert member_client.get("/notifications/read-all/").status_code == 405


def test_preferences_page_lists_every_kind_with_in_app_default(member_client):
    body = member_client.get("/notifications/preferences/").content.decode()
    assert "Comments on my posts" in body and "Weekly digest" in body
    assert re.search(r'<input type="radio"[^>]*name="kind_comment"[^>]*value="in_app" checked', body)


def test_preferences_save(member_client):
    from apps.notifications.services import KINDS

    # Every kind an app registers is on the form (apps add theirs to KINDS).
    data = {f"kind_{k}": "in_app" for k in KINDS}
    data["kind_reaction"] = "off"
    data["kind_mention"] = "email"
    data["weekly_digest"] = "on"
    response = member_client.post("/notifications/preferences/", data)
    assert response.status_code == 302
    prefs = dict(
        NotificationPreference.objects.filter(user=member_client.user).values_list("kind", "channel")
    )
    assert prefs["reaction"] == Channel.OFF and prefs["mention"] == Channel.EMAIL
    assert DigestSubscription.objects.get(user=member_client.user).weekly is True


def test_preferences_invalid_choice_keeps_the_form(member_client):
    response = member_client.post(
        "/notifications/preferences/", {"kind_comment": "pigeon", "weekly_digest": "on"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "error-summary" in body
    assert NotificationPreference.objects.count() == 0


def test_weekly_digest_is_off_by_default(member_client):
    body = member_client.get("/notifications/preferences/").content.decode()
    assert 'name="weekly_digest"' in body
    assert not DigestSubscription.objects.filter(user=member_client.user, weekly=True).exists()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(member_client):
    _make(member_client.user, 1)
    n = Notification.objects.get()
    assert f'href="/notifications/{n.pk}/"' in member_client.get("/notifications/").content.decode()
    response = member_client.get(f"/notifications/{n.pk}/")
    assert response.status_code == 302 and response["Location"] == "/feed/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_cannot_open_someone_elses_notification(member_client):
    notify(recipient=UserFactory(), kind="mention", verb="x", actor=UserFactory(), url="/feed/")
    n = Notification.objects.get()
    assert member_client.get(f"/notifications/{n.pk}/").status_code == 404
