"""What the attendee form costs to draw, counted in templates and template nodes rather than
milliseconds (which depend on the machine): every field is one template of its kind, so a
nested include or a per-option template creeping back fails here."""

from __future__ import annotations

import pytest
from django.template.base import Node
from django.test.signals import template_rendered
from django.urls import reverse

pytestmark = pytest.mark.django_db


def render_cost(client, url: str, monkeypatch) -> tuple[int, int]:
    """(templates rendered, template nodes rendered) for one GET."""
    templates: list[str] = []
    nodes = [0]
    original = Node.render_annotated

    def counting(self, context):
        nodes[0] += 1
        return original(self, context)

    def record(sender, template, **kwargs):
        templates.append(template.name)

    monkeypatch.setattr(Node, "render_annotated", counting)
    template_rendered.connect(record)
    try:
        response = client.get(url)
    finally:
        template_rendered.disconnect(record)
    assert response.status_code == 200
    return len(templates), nodes[0]


def test_attendee_form_renders_within_its_template_budget(client, event, monkeypatch):
    url = reverse("events:registration-create", kwargs={"slug": event.slug})
    client.get(url)  # the first request fills the template cache

    templates, nodes = render_cost(client, url, monkeypatch)

    # Measured at 73 templates (20 fields x field.html + the template of its kind, 20 partial
    # renders, the page) and 962 nodes. The nested field templates this replaced drew 212
    # templates and 1,279 nodes. Raise these only for a reason worth the cost.
    assert templates <= 75
    assert nodes <= 1000


def test_each_attendee_form_field_is_two_templates(client, event, monkeypatch):
    url = reverse("events:registration-create", kwargs={"slug": event.slug})
    names: list[str] = []

    def record(sender, template, **kwargs):
        names.append(template.name or "")

    template_rendered.connect(record)
    try:
        client.get(url)
    finally:
        template_rendered.disconnect(record)

    fields = names.count("tailwind/field.html")
    assert fields >= 15
    assert len([name for name in names if name.startswith("tailwind/fields/")]) == fields
    assert not [name for name in names if name.startswith("tailwind/layout/")]
    # Django's widget templates draw only the two controls the page writes by hand (the
    # hidden start time and the honeypot), never a field drawn through crispy.
    assert names.count("django/forms/widgets/input.html") == 2


def test_a_visitors_blank_attendee_form_draws_its_fields_once(client, event):
    url = reverse("events:registration-create", kwargs={"slug": event.slug})
    first = client.get(url).content.decode()
    names: list[str] = []

    def record(sender, template, **kwargs):
        names.append(template.name or "")

    template_rendered.connect(record)
    try:
        second = client.get(url).content.decode()
    finally:
        template_rendered.disconnect(record)

    # The fields come from the fragment cache: no field template is drawn again.
    assert "events/submission_form.html" in names
    assert not [name for name in names if name.startswith("tailwind/")]
    assert 'name="first_name"' in second
    # Only the per-request parts differ: the CSRF token and the signed start time.
    assert first.count("<fieldset") == second.count("<fieldset") > 0


def test_an_edited_event_redraws_its_attendee_form(client, event):
    url = reverse("events:registration-create", kwargs={"slug": event.slug})
    client.get(url)
    event.name = "Renamed"
    event.save()
    names: list[str] = []

    def record(sender, template, **kwargs):
        names.append(template.name or "")

    template_rendered.connect(record)
    try:
        client.get(url)
    finally:
        template_rendered.disconnect(record)
    assert "tailwind/field.html" in names


def test_a_members_attendee_form_keeps_their_own_details(client, event):
    from tests.accounts.factories import UserFactory

    url = reverse("events:registration-create", kwargs={"slug": event.slug})
    client.get(url)  # a visitor's blank form is cached first
    member = UserFactory(first_name="Chiamaka", email="chiamaka@example.com")
    client.force_login(member)
    body = client.get(url).content.decode()
    assert 'value="Chiamaka"' in body
    assert 'value="chiamaka@example.com"' in body
