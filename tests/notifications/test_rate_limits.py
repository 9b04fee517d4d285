"""The preferences form's rate limit counts only saved choices, and a limited save gets the
form back with every choice as it was set, with or without htmx."""

from __future__ import annotations

import pytest

from apps.notifications.models import Channel, NotificationPreference
from apps.notifications.services import KINDS
from tests.events.test_rate_limits import assert_form_keeps

pytestmark = pytest.mark.django_db

URL = "/notifications/preferences/"
LIMIT_TEXT = "sent too many times from your account"


def choices(**overrides: str) -> dict:
    return {f"kind_{kind}": Channel.IN_APP.value for kind in KINDS} | {
        f"kind_{kind}": channel for kind, channel in overrides.items()
    }


@pytest.mark.parametrize("headers", [{}, {"HX-Request": "true"}], ids=["plain", "htmx"])
def test_preferences_count_only_saved_choices(member_client, settings, headers):
    settings.NOTIFICATIONS_WRITE_RATE = "1/h"
    for _ in range(3):
        response = member_client.post(URL, choices(comment="pigeon"), headers=headers)
        assert response.status_code == 200 and LIMIT_TEXT not in response.content.decode()
    assert member_client.post(URL, choices(reaction="off"), headers=headers).status_code == 302

    data = choices(mention="email", reaction="in_app") | {"weekly_digest": "on"}
    response = member_client.post(URL, data, headers=headers)

    assert response.status_code == 429
    html = response.content.decode()
    assert LIMIT_TEXT in html
    if headers:
        assert html.lstrip().startswith('<form id="preferences-form"')
    assert_form_keeps(html, data)
    saved = dict(
        NotificationPreference.objects.filter(user=member_client.user).values_list("kind", "channel")
    )
    assert saved["reaction"] == Channel.OFF and saved.get("mention", Channel.IN_APP) == Channel.IN_APP
