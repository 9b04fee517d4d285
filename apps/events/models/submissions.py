"""The four public forms people fill for an event, and their status.

Field names follow the OTEI field lists, so the forms, exports and admin all speak the
organisers' language.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from apps.events.choices import (
    AGE_RANGE_CHOICES,
    AVAILABILITY_CHOICES,
    BRIEFING_CHOICES,
    FULL_ATTENDANCE_CHOICES,
    GENDER_CHOICES,
    HEAR_ABOUT_CHOICES,
    INDUSTRY_CHOICES,
    ORG_TYPE_CHOICES,
    PARTICIPANT_CATEGORY_CHOICES,
    VOLUNTEER_AREA_CHOICES,
    YEARS_EXPERIENCE_CHOICES,
)
from apps.events.models.events import Event


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "Waiting list"
    UNDER_REVIEW = "under_review", "Under review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"


class Submission(models.Model):
    """What the four forms share: an event, a status and the private token behind links."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    # Signed into confirmation and status links; random so a link never outlives its row.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    confirm_sends = models.PositiveIntegerField(default=0, editable=False)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True, max_length=2000)
    anonymised = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Set by each form: which field holds the email / phone / name, and what the person may
    # change later from their status page.
    KIND: str = ""
    EMAIL_FIELD: str = "email"
    PHONE_FIELD: str = "phone"
    EDITABLE_FIELDS: tuple[str, ...] = ()
    FREE_TEXT_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    @property
    def email_address(self) -> str:
        return getattr(self, self.EMAIL_FIELD)

    @property
    def display_name(self) -> str:
        """The person or organisation staff see; each form names its own field, and the
        email address stands in where a form has none."""
        return self.email_address

    @property
    def is_attendee(self) -> bool:
        return self.KIND == "registration"


def _one_per_email(model_name: str, email_field: str) -> list[models.BaseConstraint]:
    """One submission per email address per event per form, whatever the letter case."""
    return [models.UniqueConstraint("event", Lower(email_field), name=f"events_{model_name}_one_per_email")]


def _indexes(short: str) -> list[models.Index]:
    """Staff lists filter by event and status, newest first; the privacy sweep by status and age."""
    return [
        models.Index(fields=["event", "status", "-created_at"], name=f"events_{short}_status_idx"),
        models.Index(fields=["event", "-created_at"], name=f"events_{short}_created_idx"),
        models.Index(fields=["status", "updated_at"], name=f"events_{short}_sweep_idx"),
    ]


class Registration(Submission):
    KIND = "registration"
    EDITABLE_FIELDS = (
        "phone",
        "city",
        "organization_name",
        "role",
        "full_attendance",
        "special_requests",
        "accessibility_needs",
        "agree_updates",
    )
    FREE_TEXT_FIELDS = ("special_requests", "accessibility_needs")

    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=20, help_text="E.164, e.g. +2348031234567.")
    gender = models.CharField(max_length=20, choices=GENDER_CHOICES)
    city = models.CharField(max_length=80)
    organization_name = models.CharField(max_length=120, blank=True)
    role = models.CharField(max_length=80, blank=True)
    years_experience = models.CharField(max_length=10, choices=YEARS_EXPERIENCE_CHOICES, blank=True)
    participant_categories = models.JSONField(default=list)
    interest_areas = models.JSONField(default=list)
    full_attendance = models.CharField(max_length=10, choices=FULL_ATTENDANCE_CHOICES)
    hear_about = models.CharField(max_length=20, choices=HEAR_ABOUT_CHOICES)
    special_requests = models.TextField(blank=True, max_length=1000)
    accessibility_needs = models.TextField(blank=True, max_length=1000)
    pitch_startup = models.BooleanField(default=False)
    post_event_mentorship = models.BooleanField(default=False)
    join_community = models.BooleanField(default=False)
    agree_updates = models.BooleanField(default=False)
    physical_event_ack = models.BooleanField(default=False)
    # Set when a seat is given; the QR code on the ticket carries it.
    ticket_code = models.CharField(max_length=16, null=True, blank=True, unique=True)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = _one_per_email("registration", "email")
        indexes = _indexes("reg")

    def __str__(self) -> str:
        return f"{self.display_name} · {self.event_id}"

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def participant_category_labels(self) -> list[str]:
        labels = dict(PARTICIPANT_CATEGORY_CHOICES)
        return [labels.get(value, value) for value in self.participant_categories]


class SponsorApplication(Submission):
    KIND = "sponsor"
    EMAIL_FIELD = "contact_email"
    PHONE_FIELD = "contact_phone"
    EDITABLE_FIELDS = (
        "website",
        "office_address",
        "contact_person_name",
        "job_title",
        "contact_phone",
        "outcomes",
    )
    FREE_TEXT_FIELDS = ("office_address", "outcomes")

    org_name = models.CharField("organisation name", max_length=160)
    org_type = models.CharField("organisation type", max_length=20, choices=ORG_TYPE_CHOICES)
    website = models.URLField(max_length=200, blank=True)
    office_address = models.CharField(max_length=300)
    contact_person_name = models.CharField(max_length=120)
    job_title = models.CharField(max_length=100)
    contact_email = models.EmailField(max_length=254)
    contact_phone = models.CharField(max_length=20)
    sponsor_tier = models.CharField(max_length=60)
    sponsor_budget = models.PositiveBigIntegerField(
        "budget (₦)", null=True, blank=True, help_text="In whole naira."
    )
    interests = models.JSONField(default=list)
    outcomes = models.TextField(max_length=2000)
    confirmed = models.BooleanField(default=False)

    class Meta:
        constraints = _one_per_email("sponsorapplication", "contact_email")
        indexes = _indexes("spo")

    def __str__(self) -> str:
        return f"{self.org_name} · {self.event_id}"

    @property
    def display_name(self) -> str:
        return self.org_name


class ExhibitorApplication(Submission):
    KIND = "exhibitor"
    EMAIL_FIELD = "contact_email"
    PHONE_FIELD = "contact_phone"
    EDITABLE_FIELDS = (
        "business_description",
        "contact_person_name",
        "contact_phone",
        "power_internet_required",
    )
    FREE_TEXT_FIELDS = ("business_description",)

    business_name = models.CharField(max_length=160)
    industry_category = models.CharField(max_length=20, choices=INDUSTRY_CHOICES)
    business_description = models.TextField(max_length=2000)
    contact_person_name = models.CharField(max_length=120)
    contact_email = models.EmailField(max_length=254)
    contact_phone = models.CharField(max_length=20)
    exhibition_package = models.CharField(max_length=60)
    power_internet_required = models.BooleanField(default=False)
    compliance_declaration = models.BooleanField(default=False)
    terms_agreement = models.BooleanField(default=False)

    class Meta:
        constraints = _one_per_email("exhibitorapplication", "contact_email")
        indexes = _indexes("exh")

    def __str__(self) -> str:
        return f"{self.business_name} · {self.event_id}"

    @property
    def display_name(self) -> str:
        return self.business_name


class VolunteerApplication(Submission):
    KIND = "volunteer"
    EDITABLE_FIELDS = ("phone", "location", "skills", "available_on_event_date", "briefing_available")
    FREE_TEXT_FIELDS = ("skills", "motivation")

    full_name = models.CharField(max_length=120)
    age_range = models.CharField(max_length=10, choices=AGE_RANGE_CHOICES)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=20)
    location = models.CharField(max_length=100)
    volunteer_area = models.CharField(max_length=20, choices=VOLUNTEER_AREA_CHOICES)
    skills = models.TextField(max_length=1000)
    available_on_event_date = models.CharField(max_length=10, choices=AVAILABILITY_CHOICES)
    briefing_available = models.CharField(max_length=10, choices=BRIEFING_CHOICES)
    motivation = models.TextField(max_length=2000)
    terms = models.BooleanField(default=False)

    class Meta:
        constraints = _one_per_email("volunteerapplication", "email")
        indexes = _indexes("vol")

    def __str__(self) -> str:
        return f"{self.full_name} · {self.event_id}"

    @property
    def display_name(self) -> str:
        return self.full_name


# --- The four forms, by kind ---------------------------------------------------------------

SUBMISSION_MODELS: dict[str, type[Submission]] = {
    "registration": Registration,
    "sponsor": SponsorApplication,
    "exhibitor": ExhibitorApplication,
    "volunteer": VolunteerApplication,
}
KIND_LABELS = {
    "registration": "Attend",
    "sponsor": "Sponsor",
    "exhibitor": "Exhibit",
    "volunteer": "Volunteer",
}
KIND_TITLES = {
    "registration": "Attendee registration",
    "sponsor": "Sponsor application",
    "exhibitor": "Exhibitor application",
    "volunteer": "Volunteer application",
}
KIND_PLURALS = {
    "registration": "Registrations",
    "sponsor": "Sponsors",
    "exhibitor": "Exhibitors",
    "volunteer": "Volunteers",
}
# Which Event flag opens each form.
KIND_OPEN_FLAGS = {
    "registration": "registration_open",
    "sponsor": "sponsor_open",
    "exhibitor": "exhibitor_open",
    "volunteer": "volunteer_open",
}
