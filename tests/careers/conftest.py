from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from apps.careers.content import quiz_read
from apps.careers.services import quiz_import

QUIZ_FILE = Path(settings.BASE_DIR) / "content" / "careers" / "quiz-v1.toml"


@pytest.fixture
def quiz(db):
    """The real quiz file, imported and published."""
    return quiz_import(data=quiz_read(QUIZ_FILE), publish=True)


@pytest.fixture
def other_client(db):
    from tests.accounts.factories import UserFactory

    member = UserFactory()
    client = Client()
    client.force_login(member)
    client.user = member
    return client
