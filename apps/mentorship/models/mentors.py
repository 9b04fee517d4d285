"""Mentors, their weekly availability, mentorships, booked sessions and the markers that make
reminders and invitations go out once."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.careers.tracks import TRACK_CHOICES
from apps.core.links import row_url


def validate_timezone(value: str) -> None:
    if value not in _zones():
        raise ValidationError(f"{value!r} is not a time zone we know, such as Africa/Lagos.")


def _zones() -> frozenset[str]:
    global _ZONES
    if _ZONES is None:
        _ZONES = frozenset(available_timezones())
    return _ZONES


_ZONES: frozenset[str] | None = None


class TimeZonePreference(models.Model):
    """The member's own time zone, used for booking times, streaks and reflection weeks. A
    member who never set one reads in MENTORSHIP_DEFAULT_TIME_ZONE."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    time_zone = models.CharField(max_length=64, validators=[validate_timezone])
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: {self.time_zone}"


class MentorProfile(models.Model):
    """A member who volunteers as a mentor."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    headline = models.CharField(max_length=120)
    bio = models.TextField(max_length=2000, blank=True, help_text="Markdown.")
    # Career track slugs (apps.careers.tracks).
    tracks = models.JSONField(default=list, blank=True)
    skills = models.ManyToManyField("profiles.Skill", blank=True, related_name="mentors")
    # [{"key": …, "name": …}] kept by the services, so lists show skills without a query.
    skill_tags = models.JSONField(default=list, blank=True, editable=False)
    languages = models.CharField(max_length=200, default="English", help_text="Comma-separated.")
    time_zone = models.CharField(max_length=64, validators=[validate_timezone])
    capacity = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text="At most this many mentees.",
    )
    # Open mentorships (requested excluded), kept by the services under the profile's row lock.
    mentee_count = models.PositiveSmallIntegerField(default=0, editable=False)
    accepting = models.BooleanField(default=True, help_text="Show me in suggestions and accept requests.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=20), name="mentorship_mentor_capacity_range"
            ),
            models.CheckConstraint(
                condition=Q(mentee_count__lte=models.F("capacity")), name="mentorship_mentor_within_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"mentor {self.user_id}"

    def get_absolute_url(self) -> str:
        return row_url("mentorship:mentor-detail", self.user.handle)

    @property
    def spare(self) -> int:
        return max(self.capacity - self.mentee_count, 0)

    @property
    def track_names(self) -> list[str]:
        names = dict(TRACK_CHOICES)
        return [names.get(slug, slug) for slug in self.tracks]

    @property
    def language_list(self) -> list[str]:
        return [part.strip() for part in self.languages.split(",") if part.strip()]


class AvailabilitySlot(models.Model):
    """A weekly recurring slot in the mentor's own time zone: "Tuesdays at 18:00 for 45 min"."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, "Monday"
        TUESDAY = 1, "Tuesday"
        WEDNESDAY = 2, "Wednesday"
        THURSDAY = 3, "Thursday"
        FRIDAY = 4, "Friday"
        SATURDAY = 5, "Saturday"
        SUNDAY = 6, "Sunday"

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start_time = models.TimeField()
    minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(15), MaxValueValidator(180)]
    )

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "weekday", "start_time"], name="mentorship_slot_unique"
            ),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="mentorship_slot_weekday_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start_time:%H:%M} ({self.minutes} min)"


class Mentorship(models.Model):
    """A mentee's request to one mentor, and the mentorship it becomes:
    requested → trial (accepted) → active, or declined / withdrawn / expired (no answer within
    MENTORSHIP_REQUEST_DAYS); ended by either side."""

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        TRIAL = "trial", "Trial"
        ACTIVE = "active", "Active"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXPIRED = "expired", "No answer"
        ENDED = "ended", "Ended"

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="mentorships")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentorships")
    goal = models.TextField(max_length=1000, help_text="Markdown.")
    track = models.CharField(max_length=20, choices=TRACK_CHOICES, blank=True)
    skills_wanted = models.CharField(max_length=300, blank=True)
    mentee_time_zone = models.CharField(max_length=64, validators=[validate_timezone])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REQUESTED)
    # A mentee may have several mentors (GSoC's primary and secondary mentors): the primary
    # one is the first person to go to; at most one running mentorship of a mentee is primary.
    is_primary = models.BooleanField(default=False)
    decline_reason = models.CharField(max_length=500, blank=True)
    trial_ends_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    end_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    OPEN = (Status.REQUESTED, Status.TRIAL, Status.ACTIVE)
    RUNNING = (Status.TRIAL, Status.ACTIVE)

    class Meta:
        constraints = [
            # One open request or mentorship per pair: a second click, or two tabs, add nothing.
            models.UniqueConstraint(
                fields=["mentor", "mentee"],
                condition=Q(status__in=["requested", "trial", "active"]),
                name="mentorship_one_open_per_pair",
            ),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(is_primary=True, status__in=["trial", "active"]),
                name="mentorship_one_primary_per_mentee",
            ),
        ]
        indexes = [
            models.Index(fields=["mentee", "status"], name="mentorship_mentee_status_idx"),
            models.Index(fields=["mentor", "status"], name="mentorship_mentor_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} ↔ mentor {self.mentor_id} ({self.status})"

    def get_absolute_url(self) -> str:
        return row_url("mentorship:mentorship-detail", self.pk)

    @property
    def answer_due(self):
        """When a request still waiting closes by itself."""
        from django.conf import settings

        return self.created_at + timedelta(days=settings.MENTORSHIP_REQUEST_DAYS)

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def in_trial(self) -> bool:
        return self.status == self.Status.TRIAL

    @property
    def trial_over(self) -> bool:
        return self.in_trial and self.trial_ends_at is not None and self.trial_ends_at <= timezone.now()


class Session(models.Model):
    """A booked hour from a mentor's availability. The partial unique constraints make a
    double booking impossible: two requests racing for one slot cannot both insert."""

    class Status(models.TextChoices):
        BOOKED = "booked", "Booked"
        CANCELLED = "cancelled", "Cancelled"

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="sessions")
    # Copied from the mentorship so the constraints can see them.
    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="sessions")
    mentee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    agenda = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.BOOKED)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancel_reason = models.CharField(max_length=300, blank=True)
    rescheduled_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="rescheduled_from"
    )
    # After the session: a short note from each side (private to its writer and the other
    # side) and the mentee's rating.
    mentor_note = models.TextField(max_length=2000, blank=True)
    mentee_note = models.TextField(max_length=2000, blank=True)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentor", "starts_at"],
                condition=Q(status="booked"),
                name="mentorship_session_mentor_slot",
            ),
            models.UniqueConstraint(
                fields=["mentee", "starts_at"],
                condition=Q(status="booked"),
                name="mentorship_session_mentee_slot",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="mentorship_session_ends_after"
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="mentorship_session_rating_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "starts_at"], name="mentorship_session_due_idx")]

    def __str__(self) -> str:
        return f"session {self.pk} at {self.starts_at:%Y-%m-%d %H:%M}Z"

    def get_absolute_url(self) -> str:
        return row_url("mentorship:session-detail", self.pk)

    @property
    def is_past(self) -> bool:
        return self.ends_at <= timezone.now()

    @property
    def is_booked(self) -> bool:
        return self.status == self.Status.BOOKED

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at) / timedelta(minutes=1))


class SessionReminder(models.Model):
    """One row per session and reminder kind, written in the transaction that enqueues the
    email: a reminder is sent once, however often the periodic task runs or is retried."""

    class Kind(models.TextChoices):
        DAY = "24h", "24 hours before"
        HOUR = "1h", "1 hour before"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["session", "kind"], name="mentorship_reminder_once")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.kind}"


class EventInvitation(models.Model):
    """An OTEI attendee who asked for post-event mentorship was invited: once per registration."""

    registration_id = models.PositiveBigIntegerField(unique=True)
    event_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"invitation for registration {self.registration_id}"
