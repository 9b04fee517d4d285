"""What every public OTEI form shares, and the "edit my details" forms.

Every public form carries a honeypot, a signed start time (a minimum fill time) and, when keys
are configured, a reCAPTCHA. Phones are stored in E.164.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

import phonenumbers
from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.forms import modelform_factory

from apps.events.models import Event, Submission

logger = logging.getLogger(__name__)

STARTED_SALT = "events.form-started"
LINK_PATTERN = re.compile(r"(https?://|www\.)", re.IGNORECASE)
TOO_QUICK = "That was very quick. Please check your answers and submit again."


def normalise_phone(value: str) -> str:
    """A phone number in E.164 (+2348031234567); local numbers are read as Nigerian."""
    message = "Enter a valid phone number, for example 0803 123 4567 or +234 803 123 4567."
    try:
        number = phonenumbers.parse(value, settings.EVENTS_PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(message, code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(message, code="invalid_phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def check_links(value: str) -> str:
    if len(LINK_PATTERN.findall(value or "")) > settings.EVENTS_MAX_LINKS:
        raise ValidationError(
            f"Please include at most {settings.EVENTS_MAX_LINKS} links here.", code="too_many_links"
        )
    return value


def started_token() -> str:
    return signing.dumps(time.time(), salt=STARTED_SALT)


def recaptcha_field() -> forms.Field:
    """A reCAPTCHA checkbox whose failed verification (no network, a timeout, a bad answer
    from Google) is a form error, never a 500. Built on demand: the forms only carry it when
    keys are configured."""
    from django_recaptcha.fields import ReCaptchaField
    from django_recaptcha.widgets import ReCaptchaV2Checkbox

    class SafeReCaptchaField(ReCaptchaField):
        def validate(self, value: Any) -> None:
            try:
                super().validate(value)
            except ValidationError:
                raise
            except Exception as exc:
                logger.warning("reCAPTCHA verification failed: %s", exc)
                raise ValidationError(
                    "We could not check the reCAPTCHA just now. Please try again.", code="captcha_error"
                ) from exc

    return SafeReCaptchaField(widget=ReCaptchaV2Checkbox, label="Are you human?")


class PhoneField(forms.CharField):
    """Accepts what people type (spaces, dashes, a leading 0) and cleans to E.164."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        return normalise_phone(value) if value else value


# Short text inputs that should never carry links either.
TEXT_INPUTS = {
    "first_name",
    "last_name",
    "city",
    "organization_name",
    "role",
    "full_name",
    "location",
    "job_title",
}


class PhoneAndLinksMixin:
    """Phone to E.164, a cap on links in free text and lower-case emails, for the submit and
    the edit forms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model = self._meta.model  # type: ignore[attr-defined]
        fields = self.fields  # type: ignore[attr-defined]
        if model.PHONE_FIELD in fields:
            old = fields[model.PHONE_FIELD]
            fields[model.PHONE_FIELD] = PhoneField(
                label=old.label,
                required=old.required,
                help_text="Nigerian numbers can start with 0; others with + and the country code.",
                widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
            )
        for name in (*model.FREE_TEXT_FIELDS, *TEXT_INPUTS):
            if name in fields:
                fields[name].validators.append(check_links)

    def clean(self) -> dict:
        cleaned = super().clean()  # type: ignore[misc]
        email_field = self._meta.model.EMAIL_FIELD  # type: ignore[attr-defined]
        if cleaned.get(email_field):
            cleaned[email_field] = cleaned[email_field].strip().lower()
        return cleaned


class PublicSubmissionForm(PhoneAndLinksMixin, forms.ModelForm):
    """Shared by the four public forms."""

    SECTIONS: list[tuple[str, list[str]]] = []
    # The fill-time checks ask to submit again; nothing in a field needs fixing.
    NOTICE_CODES = ("too_quick", "stale")
    # Fields whose check on leaving them is worth a round trip (not checkbox groups).
    INLINE_FIELDS: set[str] = set()

    nickname = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, event: Event, validating: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.event = event
        self.validating = validating
        self.is_spam = False
        if not self.is_bound:
            self.initial["started"] = started_token()
        if settings.RECAPTCHA_ENABLED and not validating:
            self.fields["captcha"] = recaptcha_field()
        self.fields[self._meta.model.EMAIL_FIELD].widget.attrs.update({"autocomplete": "email"})

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.validating:
            return cleaned
        if cleaned.get("nickname"):
            # A bot filled the field people never see: answer as usual, store nothing.
            self.is_spam = True
        self._check_fill_time(cleaned.get("started") or "")
        return cleaned

    def _check_fill_time(self, token: str) -> None:
        try:
            started = float(signing.loads(token, salt=STARTED_SALT, max_age=2 * 24 * 3600))
        except (signing.BadSignature, TypeError, ValueError):
            self.data = self.data.copy()
            self.data["started"] = started_token()
            raise ValidationError(
                "This form was open for too long or was altered. Please check your answers and submit again.",
                code="stale",
            ) from None
        if time.time() - started < settings.EVENTS_FORM_MIN_SECONDS:
            raise ValidationError(TOO_QUICK, code="too_quick")

    @property
    def submission_data(self) -> dict:
        """What the service stores: the model's fields only."""
        return {name: self.cleaned_data[name] for name in self._meta.fields}


def checkboxes_field(
    choices: list[tuple[str, str]], label: str, *, required: bool = True
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices, widget=forms.CheckboxSelectMultiple, label=label, required=required
    )


def ack_field(label: str) -> forms.BooleanField:
    return forms.BooleanField(
        required=True, label=label, error_messages={"required": "Please tick this box to continue."}
    )


class _EditBase(PhoneAndLinksMixin, forms.ModelForm):
    pass


def edit_form_class(model: type[Submission]) -> type[forms.ModelForm]:
    """The details a person may still change from their status page."""
    return modelform_factory(model, form=_EditBase, fields=list(model.EDITABLE_FIELDS))
