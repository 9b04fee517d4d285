from __future__ import annotations

import json

import pytest

from apps.notifications.models import Notification
from apps.notifications.privacy import erase_member_data, export_member_data
from apps.notifications.services import notify, preferences_set
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_export_and_erase():
    member = UserFactory(handle="leaver")
    other = UserFactory()
    notify(recipient=member, kind="mention", verb="mentioned you", actor=other)
    notify(recipient=other, kind="follow", verb="followed you", actor=member)
    preferences_set(user=member, channels={"reaction": "off"}, weekly_digest=True)
    data = export_member_data(member)
    json.dumps(data)
    assert data["notifications"][0]["kind"] == "mention"
    assert data["preferences"] == {"reaction": "off"}
    assert data["weekly_digest"] is True

    erase_member_data(member)
    assert not Notification.objects.filter(recipient=member).exists()
    left = Notification.objects.get(recipient=other)
    assert left.actor is None and "leaver" not in left.actor_handles
    assert export_member_data(member)["preferences"] == {}
