"""After a POST: one redirect that works with and without htmx, and one way to show what a
service refused (on the form that was posted, or as a message when there is none)."""

from __future__ import annotations

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
