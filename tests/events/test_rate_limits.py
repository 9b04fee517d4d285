"""The public forms' rate limits count accepted submissions only, and a limited POST gets the
form back with everything typed and a clear message, with or without JavaScript."""

from __future__ import annotations

import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from apps.events.models import ExhibitorApplication, Registration, SponsorApplication, VolunteerApplication
from apps.events.tokens import status_token
from tests.events.conftest import exhibitor_data, registration_data, sponsor_data, volunteer_data
from tests.events.factories import RegistrationFactory

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}
LIMIT_TEXT = "sent too many times from your connection"
FORMS = [
    ("registration", Registration, registration_data, "email"),
    ("sponsor", SponsorApplication, sponsor_data, "contact_email"),
    ("exhibitor", ExhibitorApplication, exhibitor_data, "contact_email"),
    ("volunteer", VolunteerApplication, volunteer_data, "email"),
]
# Anti-bot fields the form re-issues rather than echoes.
NOT_ECHOED = {"started", "nickname"}


class FormValues(HTMLParser):
    """What a browser would submit from the rendered form: name → values."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, list[str]] = {}
        self._select: str | None = None
        self._textarea: str | None = None
        self.feed(html)

    def _add(self, name: str | None, value: str) -> None:
        if name:
            self.values.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._add(a.get("name"), a.get("value") or "on")
            elif kind not in ("submit", "button"):
                self._add(a.get("name"), a.get("value") or "")
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self._add(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a.get("name")
            self._add(self._textarea, "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea][-1] += (
                data.lstrip("\n") if not self.values[self._textarea][-1] else data
            )


def assert_form_keeps(html: str, data: dict) -> None:
    shown = FormValues(html).values
    for name, value in data.items():
        if name in NOT_ECHOED:
            continue
        expected = sorted(value) if isinstance(value, list) else [value]
        assert sorted(shown.get(name, [])) == expected, (name, shown.get(name), expected)


def form_url(event, kind: str) -> str:
    return reverse(f"events:{kind}-create", kwargs={"slug": event.slug})


@pytest.mark.parametrize(("kind", "model", "data", "email_field"), FORMS)
def test_failed_validations_do_not_use_the_submission_budget(client, event, kind, model, data, email_field):
    url = form_url(event, kind)
    for _ in range(11):
        response = client.post(url, data(**{email_field: "not-an-email"}))
        assert response.status_code == 200
        assert LIMIT_TEXT not in response.content.decode()
    assert client.post(url, data()).status_code == 302
    assert model.objects.count() == 1


def test_the_eleventh_accepted_registration_gets_the_filled_form_back(client, event):
    url = form_url(event, "registration")
    for n in range(10):
        assert client.post(url, registration_data(email=f"p{n}@example.com")).status_code == 302

    typed = registration_data(
        email="p10@example.com", special_requests="A seat near the front, please.", city="Ilorin"
    )
    response = client.post(url, typed)

    assert response.status_code == 429
    html = response.content.decode()
    assert "<html" in html and 'id="submission-form"' in html
    assert LIMIT_TEXT in html and "What you typed is still here" in html
    assert_form_keeps(html, typed)
    assert Registration.objects.count() == 10
    # Another form keeps its own budget.
    assert client.post(form_url(event, "volunteer"), volunteer_data()).status_code == 302


@pytest.mark.parametrize(("kind", "model", "data", "email_field"), FORMS)
@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_limited_post_shows_the_form_with_what_was_typed(
    client, event, settings, kind, model, data, email_field, headers
):
    settings.EVENTS_FORM_RATE = "1/h"
    url = form_url(event, kind)
    assert client.post(url, data(), headers=headers).status_code in (200, 302)
    typed = data(**{email_field: "second@example.com"})

    response = client.post(url, typed, headers=headers)

    assert response.status_code == 429  # swapped like a 200 by the site's htmx configuration
    assert "HX-Retarget" not in response
    html = response.content.decode()
    assert LIMIT_TEXT in html
    if headers:
        assert html.lstrip().startswith('<form id="submission-form"')
    else:
        assert "<html" in html
    assert_form_keeps(html, typed)
    assert model.objects.count() == 1


def test_htmx_configuration_swaps_429_answers(client, event):
    """The limited answer above is a 429: htmx must be told to swap it like a 200."""
    html = client.get(form_url(event, "registration")).content.decode()
    config = json.loads(unescape(re.search(r'name="htmx-config" content=\'([^\']*)\'', html).group(1)))
    rule = next(r for r in config["responseHandling"] if re.fullmatch(r["code"], "429"))
    assert rule["swap"] is True and not rule.get("error")


def test_a_limited_edit_keeps_what_was_typed(client, event, settings):
    settings.EVENTS_LINK_RATE = "1/h"
    registration = RegistrationFactory(event=event, city="Ogbomoso")
    url = reverse("events:status-edit", kwargs={"token": status_token(registration)})
    page = FormValues(client.get(url).content.decode()).values
    data = {name: values if len(values) > 1 else values[0] for name, values in page.items()}
    data.pop("csrfmiddlewaretoken", None)
    for _ in range(3):  # failed validations are not counted
        assert client.post(url, data | {"phone": "not a phone"}).status_code == 200
    assert client.post(url, data | {"city": "Ilorin"}).status_code == 302

    for headers in ({}, HX):
        response = client.post(url, data | {"city": "Oyo"}, headers=headers)
        assert response.status_code == 429
        html = response.content.decode()
        assert LIMIT_TEXT in html
        assert_form_keeps(html, data | {"city": "Oyo"})
    registration.refresh_from_db()
    assert registration.city == "Ilorin"
