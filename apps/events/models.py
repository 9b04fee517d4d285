"""Events (OTEI and later ones) and the four public forms people fill for them.

Field names on the four submission models follow the OTEI field lists, so the forms, exports
and admin all speak the organisers' language.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.db import models
from django.db.models.functions import Lower
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import LazyObject, empty

from apps.events.choices import (
    AGE_RANGE_CHOICES,
    AVAILABILITY_CHOICES,
    BRIEFING_CHOICES,
    FULL_ATTENDANCE_CHOICES,
    GENDER_CHOICES,
    HEAR_ABOUT_CHOICES,
    INDUSTRY_CHOICES,
    INTEREST_AREA_CHOICES,
    ORG_TYPE_CHOICES,
    PARTICIPANT_CATEGORY_CHOICES,
    SPONSOR_INTEREST_CHOICES,
    VOLUNTEER_AREA_CHOICES,
    YEARS_EXPERIENCE_CHOICES,
)


class _PrivateStorage(LazyObject):
    """storages["private"], looked up when first used and again after STORAGES changes (tests
    point it at a temporary folder), never bound at import."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private = _PrivateStorage()


@receiver(setting_changed)
def _private_storage_reset(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        _private._wrapped = empty


def _private_storage():
    return _private


class Status(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    CONFIRMED = "confirmed", "Confirmed"
    WAITLISTED = "waitlisted", "Waiting list"
    UNDER_REVIEW = "under_review", "Under review"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"


# --- Events --------------------------------------------------------------------------------


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(is_published=True)

    def upcoming(self) -> EventQuerySet:
        return self.published().filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self) -> EventQuerySet:
        return self.published().filter(ends_at__lt=timezone.now()).order_by("-starts_at")


class Event(models.Model):
    name = models.CharField(max_length=160)
    slug = models.SlugField(max_length=80, unique=True)
    tagline = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True, help_text="Markdown.")
    venue = models.CharField(max_length=200)
    city = models.CharField(max_length=100, default="Ogbomoso")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    registration_opens_at = models.DateTimeField(null=True, blank=True)
    registration_closes_at = models.DateTimeField(null=True, blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Attendee seats. Empty: no limit."
    )
    # Kept by the services under a conditional UPDATE: the last seat goes to exactly one person.
    seats_taken = models.PositiveIntegerField(default=0, editable=False)
    is_published = models.BooleanField(default=False)
    registration_open = models.BooleanField("attendee registration open", default=True)
    sponsor_open = models.BooleanField("sponsor applications open", default=True)
    exhibitor_open = models.BooleanField("exhibitor applications open", default=True)
    volunteer_open = models.BooleanField("volunteer applications open", default=True)
    sponsor_tiers = models.JSONField(
        default=list, blank=True, help_text='A list of tier names, e.g. ["Platinum", "Gold"].'
    )
    exhibitor_packages = models.JSONField(
        default=list, blank=True, help_text='A list of package names, e.g. ["Standard booth"].'
    )
    retention_days = models.PositiveIntegerField(
        default=365, help_text="Days after the event ends before its submissions are anonymised."
    )
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["is_published", "ends_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="events_event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("events:event-detail", kwargs={"slug": self.slug})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def accepting_submissions(self) -> bool:
        now = timezone.now()
        if self.is_past:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now > self.registration_closes_at)

    @property
    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def anonymise_after(self):
        return self.ends_at + timezone.timedelta(days=self.retention_days)


# --- Submissions ---------------------------------------------------------------------------


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

    def interest_area_labels(self) -> list[str]:
        labels = dict(INTEREST_AREA_CHOICES)
        return [labels.get(value, value) for value in self.interest_areas]


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

    def interest_labels(self) -> list[str]:
        labels = dict(SPONSOR_INTEREST_CHOICES)
        return [labels.get(value, value) for value in self.interests]


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


class Export(models.Model):
    """A CSV or XLSX export of one form's submissions, written by a task into private storage."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel (XLSX)"

    class State(models.TextChoices):
        PENDING = "pending", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="exports")
    kind = models.CharField(max_length=20)
    format = models.CharField(max_length=4, choices=Format.choices)
    status_filter = models.CharField(max_length=20, blank=True)
    search = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="exports/events/", storage=_private_storage, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # Runs so far: each worker that takes the export adds one, and owns it while this number
    # is still its own and its lease (renewed with every batch of rows) has not run out. A
    # worker killed mid-export leaves a running row with a lapsed lease, which the sweeper
    # restarts until EVENTS_EXPORT_MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The sweeper looks for unfinished exports only.
            models.Index(
                fields=["state", "locked_until"],
                name="events_export_unfinished_idx",
                condition=models.Q(state__in=["pending", "running"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.format} export of {self.event_id}"

    @property
    def restarted(self) -> bool:
        """Whether a worker stopped during an earlier run of this export."""
        return self.attempts > 1

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def filename(self) -> str:
        return f"{self.kind}-{self.created_at:%Y%m%d-%H%M}.{self.format}"


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
