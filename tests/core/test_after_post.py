"""After a POST: one redirect that works with and without htmx, and one way to show what a
service refused (on the form that was posted, or as a message when there is none)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from apps.core.htmx import redirect_after_post
from apps.core.service_errors import form_add_service_errors, message_service_error


class NameForm(forms.Form):
    name = forms.CharField()
    handle = forms.CharField(required=False)


def posted(**headers: str):
    request = RequestFactory().post("/somewhere/", headers=headers)
    request.htmx = HtmxDetails(request)
    return request


def bound_form() -> NameForm:
    form = NameForm({"name": "Ada", "handle": "ada"})
    assert form.is_valid()
    return form


def test_redirect_after_post_is_a_302_without_htmx():
    response = redirect_after_post(posted(), "/feed/")
    assert response.status_code == 302 and response["Location"] == "/feed/"
    assert "HX-Redirect" not in response


def test_redirect_after_post_is_hx_redirect_for_htmx():
    response = redirect_after_post(posted(**{"HX-Request": "true"}), "/feed/")
    assert response.status_code == 200 and response["HX-Redirect"] == "/feed/"


def test_redirect_after_post_resolves_url_names_with_arguments():
    response = redirect_after_post(posted(**{"HX-Request": "true"}), "jobs:job-manage", pk=7)
    assert response["HX-Redirect"] == reverse("jobs:job-manage", kwargs={"pk": 7})


def test_service_errors_about_form_fields_go_next_to_them():
    form = bound_form()
    form_add_service_errors(form, ValidationError({"name": "Taken.", "slug": "Bad slug."}))
    assert form.errors["name"] == ["Taken."]
    assert form.non_field_errors() == ["Bad slug."]


@pytest.mark.parametrize("error", [ValidationError("No."), ValidationError(["No.", "Never."])])
def test_service_errors_without_fields_go_to_the_form(error):
    form = bound_form()
    form_add_service_errors(form, error)
    assert form.non_field_errors() == error.messages


def test_service_errors_can_be_aimed_at_one_field():
    form = bound_form()
    form_add_service_errors(form, ValidationError({"user": "Not a member."}), field="handle")
    form_add_service_errors(form, ValidationError("Already a collaborator."), field="handle")
    assert form.errors["handle"] == ["Not a member.", "Already a collaborator."]
    assert not form.non_field_errors()


def test_a_refusal_that_is_not_a_validation_error_shows_its_text():
    form = bound_form()
    form_add_service_errors(form, PermissionDenied("You are banned from posting."))
    assert form.non_field_errors() == ["You are banned from posting."]


def test_message_service_error_flashes_every_message_once():
    request = posted()
    request.session = {}
    request._messages = FallbackStorage(request)
    message_service_error(request, ValidationError({"a": "First.", "b": ["Second."]}))
    assert [str(m) for m in get_messages(request)] == ["First. Second."]


APPS = Path(__file__).resolve().parents[2] / "apps"
REPORTERS = {"form_add_service_errors", "message_service_error", "service_error_messages"}


def _view_modules() -> list[Path]:
    return [
        path
        for path in APPS.rglob("*.py")
        if path.name == "views.py" or path.name.endswith("_views.py") or path.parent.name == "views"
    ]


def test_htmx_redirects_after_a_post_go_through_core():
    users = [
        str(path.relative_to(APPS))
        for path in APPS.rglob("*.py")
        if "HttpResponseClientRedirect" in path.read_text() and path != APPS / "core" / "htmx.py"
    ]
    assert users == []


def test_views_report_every_refused_service_call_through_core():
    """A view that catches a service's ValidationError shows it with apps.core.service_errors,
    never by hand (which placed, joined and cut messages six different ways)."""
    by_hand = []
    for path in _view_modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ExceptHandler) or node.type is None:
                continue
            if "ValidationError" not in ast.unparse(node.type):
                continue
            called = {
                call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
                for call in ast.walk(node)
                if isinstance(call, ast.Call)
            }
            if not called & REPORTERS:
                by_hand.append(f"{path.relative_to(APPS)}:{node.lineno}")
    assert by_hand == []
