"""Events: OTEI and later ones."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from apps.core.links import row_url


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
        return row_url("events:event-detail", self.slug)

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
