"""The attendee registration form."""

from __future__ import annotations

from django import forms

from apps.events.choices import INTEREST_AREA_CHOICES, PARTICIPANT_CATEGORY_CHOICES
from apps.events.forms.base import PublicSubmissionForm, ack_field, checkboxes_field
from apps.events.models import Registration


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

    participant_categories = checkboxes_field(PARTICIPANT_CATEGORY_CHOICES, "Which describe you?")
    interest_areas = checkboxes_field(INTEREST_AREA_CHOICES, "What are you interested in?")
    physical_event_ack = ack_field("I understand OTEI is an in-person event and I will attend at the venue.")

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
            "years_experience": "Years of experience (optional)",
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
