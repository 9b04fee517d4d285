from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.accounts import demo

pytestmark = pytest.mark.django_db


def test_demo_seed_is_idempotent_and_members_can_log_in(client):
    out = io.StringIO()
    demo.seed(size="small", stdout=out)
    User = get_user_model()
    first_count = User.objects.count()

    demo.seed(size="small", stdout=io.StringIO())

    assert first_count == User.objects.count() == demo.SIZES["small"] + 2
    assert EmailAddress.objects.filter(verified=True).count() == first_count
    assert User.objects.filter(email=demo.ADMIN_EMAIL, is_staff=True, is_superuser=True).exists()
    assert len(set(User.objects.values_list("handle", flat=True))) == first_count
    assert "staff_bootstrap admin@example.com" in out.getvalue()
    assert demo.DEMO_PASSWORD in out.getvalue()

    response = client.post(
        reverse("account_login"), {"login": "member7@example.com", "password": demo.MEMBER_PASSWORD}
    )
    assert response.status_code == 302
    response = client.post(
        reverse("account_login"), {"login": demo.DEMO_EMAIL, "password": demo.DEMO_PASSWORD}
    )
    assert response.status_code == 302
