"""The four public OTEI forms, the "edit my details" forms and the staff forms.

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

from apps.events.choices import (
    INTEREST_AREA_CHOICES,
    PARTICIPANT_CATEGORY_CHOICES,
    SPONSOR_INTEREST_CHOICES,
)
from apps.events.models import (
    Event,
    ExhibitorApplication,
    Registration,
    SponsorApplication,
    Status,
    Submission,
    VolunteerApplication,
)

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


def _checkboxes(
    choices: list[tuple[str, str]], label: str, *, required: bool = True
) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices, widget=forms.CheckboxSelectMultiple, label=label, required=required
    )


def _ack(label: str) -> forms.BooleanField:
    return forms.BooleanField(
        required=True, label=label, error_messages={"required": "Please tick this box to continue."}
    )


class RegistrationForm(PublicSubmissionForm):
    SECTIONS = [
        ("About you", ["first_name", "last_name", "email", "phone", "gender", "city"]),
        (
            "Your work",
            ["organization_name", "role", "years_experience", "participant_categories", "interest_areas"],
        ),
        (
            "At the event",
            [
                "full_attendance",
                "hear_about",
                "special_requests",
                "accessibility_needs",
                "pitch_startup",
                "post_event_mentorship",
            ],
        ),
        ("Staying in touch", ["join_community", "agree_updates", "physical_event_ack"]),
    ]
    INLINE_FIELDS = {"first_name", "last_name", "email", "phone", "city", "organization_name", "role"}

    participant_categories = _checkboxes(PARTICIPANT_CATEGORY_CHOICES, "Which describe you?")
    interest_areas = _checkboxes(INTEREST_AREA_CHOICES, "What are you interested in?")
    physical_event_ack = _ack("I understand OTEI is an in-person event and I will attend at the venue.")

    class Meta:
        model = Registration
        fields = [
            "first_name", "last_name", "email", "phone", "gender", "city", "organization_name", "role",
            "years_experience", "participant_categories", "interest_areas", "full_attendance", "hear_about",
            "special_requests", "accessibility_needs", "pitch_startup", "post_event_mentorship",
            "join_community", "agree_updates", "physical_event_ack",
        ]  # fmt: skip
        labels = {
            "organization_name": "Organisation (optional)",
            "role": "Role or job title (optional)",
            "years_experience": "Years of experience",
            "full_attendance": "Will you attend the whole event?",
            "hear_about": "How did you hear about OTEI?",
            "special_requests": "Anything we should know? (optional)",
            "accessibility_needs": "Accessibility needs (optional)",
            "pitch_startup": "I would like to pitch my startup",
            "post_event_mentorship": "I would like mentorship after the event",
            "join_community": "Add me to the DiceyTech community",
            "agree_updates": "Send me news about future events",
        }
        widgets = {
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "organization_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "role": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "special_requests": forms.Textarea(attrs={"rows": 3}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }


class SponsorApplicationForm(PublicSubmissionForm):
    SECTIONS = [
        ("Your organisation", ["org_name", "org_type", "website", "office_address"]),
        ("Contact person", ["contact_person_name", "job_title", "contact_email", "contact_phone"]),
        ("Sponsorship", ["sponsor_tier", "sponsor_budget", "interests", "outcomes", "confirmed"]),
    ]
    INLINE_FIELDS = {
        "org_name",
        "website",
        "office_address",
        "contact_person_name",
        "job_title",
        "contact_email",
        "contact_phone",
        "sponsor_budget",
    }

    interests = _checkboxes(SPONSOR_INTEREST_CHOICES, "What do you hope to get from sponsoring?")
    confirmed = _ack("I confirm I am authorised to discuss sponsorship for this organisation.")

    class Meta:
        model = SponsorApplication
        fields = [
            "org_name", "org_type", "website", "office_address", "contact_person_name", "job_title",
            "contact_email", "contact_phone", "sponsor_tier", "sponsor_budget", "interests", "outcomes", "confirmed",
        ]  # fmt: skip
        labels = {
            "website": "Website (optional)",
            "sponsor_budget": "Budget in naira (optional)",
            "outcomes": "What outcomes would make this sponsorship a success?",
        }
        widgets = {
            "org_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "website": forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
            "office_address": forms.TextInput(attrs={"autocomplete": "address-line1"}),
            "contact_person_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "sponsor_budget": forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tiers = [(tier, tier) for tier in self.event.sponsor_tiers]
        self.fields["sponsor_tier"] = forms.ChoiceField(
            choices=[("", "Choose a tier"), *tiers], label="Sponsor tier"
        )


class ExhibitorApplicationForm(PublicSubmissionForm):
    SECTIONS = [
        ("Your business", ["business_name", "industry_category", "business_description"]),
        ("Contact person", ["contact_person_name", "contact_email", "contact_phone"]),
        (
            "Your stand",
            ["exhibition_package", "power_internet_required", "compliance_declaration", "terms_agreement"],
        ),
    ]
    INLINE_FIELDS = {"business_name", "contact_person_name", "contact_email", "contact_phone"}

    compliance_declaration = _ack("What I exhibit complies with Nigerian law and the venue's safety rules.")
    terms_agreement = _ack("I agree to the exhibitor terms, including setup and teardown times.")

    class Meta:
        model = ExhibitorApplication
        fields = [
            "business_name", "industry_category", "business_description", "contact_person_name",
            "contact_email", "contact_phone", "exhibition_package", "power_internet_required",
            "compliance_declaration", "terms_agreement",
        ]  # fmt: skip
        labels = {
            "business_description": "What does your business do, and what will you show?",
            "power_internet_required": "We need power and internet at our stand",
        }
        widgets = {
            "business_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_person_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "business_description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        packages = [(package, package) for package in self.event.exhibitor_packages]
        self.fields["exhibition_package"] = forms.ChoiceField(
            choices=[("", "Choose a package"), *packages], label="Exhibition package"
        )


class VolunteerApplicationForm(PublicSubmissionForm):
    SECTIONS = [
        ("About you", ["full_name", "age_range", "email", "phone", "location"]),
        (
            "How you can help",
            [
                "volunteer_area",
                "skills",
                "available_on_event_date",
                "briefing_available",
                "motivation",
                "terms",
            ],
        ),
    ]
    INLINE_FIELDS = {"full_name", "email", "phone", "location"}

    terms = _ack("I agree to the volunteer code of conduct.")

    class Meta:
        model = VolunteerApplication
        fields = [
            "full_name", "age_range", "email", "phone", "location", "volunteer_area", "skills",
            "available_on_event_date", "briefing_available", "motivation", "terms",
        ]  # fmt: skip
        labels = {
            "location": "Where do you live?",
            "volunteer_area": "Where would you like to help?",
            "skills": "Skills you bring",
            "available_on_event_date": "Are you available on the event days?",
            "briefing_available": "Can you attend a briefing the week before?",
            "motivation": "Why do you want to volunteer?",
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "location": forms.TextInput(attrs={"autocomplete": "address-level2"}),
            "skills": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 4}),
        }


FORM_CLASSES: dict[str, type[PublicSubmissionForm]] = {
    "registration": RegistrationForm,
    "sponsor": SponsorApplicationForm,
    "exhibitor": ExhibitorApplicationForm,
    "volunteer": VolunteerApplicationForm,
}


class _EditBase(PhoneAndLinksMixin, forms.ModelForm):
    pass


def edit_form_class(model: type[Submission]) -> type[forms.ModelForm]:
    """The details a person may still change from their status page."""
    return modelform_factory(model, form=_EditBase, fields=list(model.EDITABLE_FIELDS))


# --- Staff ---------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(Status.APPROVED, "Approve"), (Status.REJECTED, "Reject")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note to the applicant (optional)",
    )


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Status.choices])
    q = forms.CharField(required=False, max_length=100, label="Search")


class CheckInForm(forms.Form):
    code = forms.CharField(
        max_length=64,
        label="Ticket code",
        widget=forms.TextInput(
            attrs={
                "class": "input font-mono text-lg uppercase",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "data-check-in-code": "",
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Status.choices])
    q = forms.CharField(required=False, max_length=100)
