"""Showing what a service refused.

Services raise `ValidationError` (from `full_clean()` or their own rules) or
`PermissionDenied`; a view shows it either on the form that was posted, next to the fields it
names, or as a flash message when there is no form. These two helpers are the only ways.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest


def service_error_messages(error: Exception) -> list[str]:
    """The sentences to show for `error`: a ValidationError's messages, or the text of any
    other refusal (PermissionDenied and its kin)."""
    if isinstance(error, ValidationError):
        return error.messages
    return [str(error)] if str(error) else []


def form_add_service_errors(form: forms.BaseForm, error: Exception, *, field: str | None = None) -> None:
    """Put what a service refused onto `form`: errors about a field the form has go next to that
    field; everything else goes to `field` when given, else to the form's non-field errors.

    `form.add_error(None, error)` alone raises ValueError (a 500) when a model's full_clean()
    names a field the form does not have, and TypeError when given a field and a dict.
    """
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            target = name if name != NON_FIELD_ERRORS and name in form.fields else field
            form.add_error(target, ValidationError(errors))
        return
    if isinstance(error, ValidationError):
        form.add_error(field, error)
        return
    form.add_error(field, service_error_messages(error))


def message_service_error(request: HttpRequest, error: Exception) -> None:
    """Flash what a service refused, for actions that post no form (a button)."""
    messages.error(request, " ".join(service_error_messages(error)))
