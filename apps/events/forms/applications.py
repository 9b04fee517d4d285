"""The sponsor, exhibitor and volunteer application forms."""

from __future__ import annotations

from typing import Any

from django import forms

from apps.events.choices import SPONSOR_INTEREST_CHOICES
from apps.events.forms.base import PublicSubmissionForm, ack_field, checkboxes_field
from apps.events.models import ExhibitorApplication, SponsorApplication, VolunteerApplication


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

    interests = checkboxes_field(SPONSOR_INTEREST_CHOICES, "What do you hope to get from sponsoring?")
    confirmed = ack_field("I confirm I am authorised to discuss sponsorship for this organisation.")

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

    compliance_declaration = ack_field(
        "What I exhibit complies with Nigerian law and the venue's safety rules."
    )
    terms_agreement = ack_field("I agree to the exhibitor terms, including setup and teardown times.")

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

    terms = ack_field("I agree to the volunteer code of conduct.")

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
