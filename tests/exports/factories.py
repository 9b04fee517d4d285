from __future__ import annotations

import factory

from apps.exports.models import Export


class ExportFactory(factory.django.DjangoModelFactory):
    """An export of an event's registrations (an event of its own unless `params` names one)."""

    class Meta:
        model = Export

    source = "events.registration"
    params = factory.LazyFunction(lambda: events_params())
    format = Export.Format.CSV


def events_params(event=None, *, status: str = "", q: str = "") -> dict:
    from tests.events.factories import EventFactory

    return {"event": (event or EventFactory()).pk, "status": status, "q": q}
