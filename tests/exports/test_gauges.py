"""What exports report to /metrics: unfinished exports per app and state."""

from __future__ import annotations

import pytest

from apps.exports.gauges import gauges
from apps.exports.models import Export
from tests.exports.factories import ExportFactory

pytestmark = pytest.mark.django_db


def test_unfinished_exports_are_counted_per_app_and_state():
    ExportFactory(state=Export.State.RUNNING)
    ExportFactory(state=Export.State.RUNNING, source="events.sponsor")
    ExportFactory(state=Export.State.DONE)
    ExportFactory(state=Export.State.PENDING, source="programs.learners", params={"programs": [1]})

    values = {(g.labels["kind"], g.labels["state"]): g.value for g in gauges() if g.name == "export_jobs"}

    assert values == {
        ("events", "pending"): 0,
        ("events", "running"): 2,
        ("programs", "pending"): 1,
        ("programs", "running"): 0,
    }
