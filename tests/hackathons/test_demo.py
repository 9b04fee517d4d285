from __future__ import annotations

import io

import pytest

from apps.hackathons import demo
from apps.hackathons.models import Hackathon, Score, Status, Submission
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_small_demo_covers_every_status_and_is_idempotent():
    UserFactory.create_batch(45)
    demo.seed(size="small", stdout=io.StringIO())
    assert Hackathon.objects.count() == 30
    for status in Status.values:
        assert Hackathon.objects.with_status(status).count() == 6
    assert Score.objects.exists()
    ended = Hackathon.objects.filter(results_published_at__isnull=False).get()
    assert Submission.objects.filter(hackathon=ended, rank=1).exists()
    demo.seed(size="small", stdout=io.StringIO())
    assert Hackathon.objects.count() == 30


def test_large_demo_bulk_creates_and_is_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "LARGE_COUNT", 60)
    monkeypatch.setattr(demo, "BATCH", 25)
    UserFactory.create_batch(3)
    demo.seed(size="large", stdout=io.StringIO())
    assert Hackathon.objects.filter(slug__startswith="bench-").count() == 60
    assert Hackathon.technologies.through.objects.filter(hackathon__slug__startswith="bench-").exists()
    demo.seed(size="large", stdout=io.StringIO())
    assert Hackathon.objects.filter(slug__startswith="bench-").count() == 60
