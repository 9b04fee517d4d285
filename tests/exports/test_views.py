"""The status page and the download: who may read an export is its source's to say, the same
for the page, the file and the live channel; nobody else learns it exists."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.urls import reverse

from apps.core.live.channels import allowed_channels
from apps.exports.models import Export
from tests.accounts.factories import UserFactory
from tests.exports.factories import ExportFactory, events_params

pytestmark = pytest.mark.django_db


def status_url(export) -> str:
    return reverse("exports:export-status", kwargs={"pk": export.pk})


def download_url(export) -> str:
    return reverse("exports:export-download", kwargs={"pk": export.pk})


def _done(**fields) -> Export:
    export = ExportFactory(state=Export.State.DONE, total=1, done=1, **fields)
    export.file.save("registration.csv", ContentFile(b"\xef\xbb\xbfid\r\n1\r\n"))
    return export


def test_status_page_links_back_to_the_list_the_export_came_from(staff_client, event):
    export = ExportFactory(params=events_params(event), source="events.sponsor", state=Export.State.RUNNING)

    html = staff_client.get(status_url(export)).content.decode()

    list_url = reverse("events_staff:submission-list", kwargs={"slug": event.slug, "kind": "sponsor"})
    assert f'href="{list_url}">← {event.name}: sponsors</a>' in html
    assert "Export of sponsors (CSV)" in html


def test_the_status_partial_refreshes_itself_while_the_export_runs(staff_client, event):
    export = ExportFactory(params=events_params(event), total=200, done=50, state=Export.State.RUNNING)

    response = staff_client.get(status_url(export), headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="export-progress"')
    assert f'data-hx-get="{status_url(export)}"' in html
    assert 'data-hx-trigger="every 1s"' in html and 'value="25"' in html
    assert "<noscript>" in html and "<html" not in html
    assert response["Cache-Control"] == "private, no-store"


def test_a_finished_export_stops_refreshing_and_offers_its_file(staff_client):
    export = _done()

    html = staff_client.get(status_url(export), headers={"HX-Request": "true"}).content.decode()
    response = staff_client.get(download_url(export))

    assert "data-hx-get" not in html and f'href="{download_url(export)}"' in html
    assert f"Download registration-{export.created_at:%Y%m%d-%H%M}.csv" in html
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith('attachment; filename="registration-')
    assert b"".join(response.streaming_content).decode("utf-8-sig") == "id\r\n1\r\n"


def test_an_unfinished_export_has_nothing_to_download(staff_client):
    export = ExportFactory(state=Export.State.RUNNING)

    assert staff_client.get(download_url(export)).status_code == 404


def test_events_exports_are_for_verified_staff_only(client, member_client):
    export = _done()

    assert member_client.get(status_url(export)).status_code == 404
    assert member_client.get(download_url(export)).status_code == 404
    client.logout()
    unverified = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(unverified)
    assert client.get(status_url(export)).status_code == 404
    assert client.get(download_url(export)).status_code == 404


def test_signed_out_visitors_are_sent_to_log_in(client):
    export = _done()

    for url in (status_url(export), download_url(export)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_export_of_a_source_that_is_gone_is_not_found(staff_client):
    export = ExportFactory(source="nowhere.rows")

    assert staff_client.get(status_url(export)).status_code == 404


def test_the_live_channel_is_checked_by_the_source(staff_user, user):
    export = ExportFactory()
    channel = [f"export:{export.pk}"]

    assert allowed_channels(AnonymousUser(), channel) == []
    assert allowed_channels(user, channel) == []
    assert allowed_channels(staff_user, channel) == []  # no second factor yet
    staff_user.is_verified = lambda: True
    assert allowed_channels(staff_user, channel) == channel
    assert allowed_channels(staff_user, ["export:999999", "export:x"]) == []


def test_an_anonymous_stream_request_is_refused(client):
    export = ExportFactory()

    response = client.get(reverse("live:stream"), {"channels": f"export:{export.pk}"})

    assert response.status_code == 204


def test_staff_see_exports_in_the_admin(staff_client):
    export = _done()

    changelist = reverse("admin:exports_export_changelist")
    assert staff_client.get(changelist, {"q": "events", "state": "done"}).status_code == 200
    assert staff_client.get(reverse("admin:exports_export_change", args=[export.pk])).status_code == 200
