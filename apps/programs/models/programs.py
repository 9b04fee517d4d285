"""Programs, their cohorts, applications to them and the members in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.careers.tracks import TRACK_CHOICES
from apps.core.links import row_url
from apps.programs.models.organizations import Organization


class ProgramQuerySet(models.QuerySet):
    def published(self) -> ProgramQuerySet:
        return self.filter(is_published=True)


class Program(models.Model):
    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    summary = models.CharField(max_length=300)
    description = models.TextField(help_text="Markdown.")
    track = models.CharField(max_length=20, choices=TRACK_CHOICES, blank=True)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="programs"
    )
    # The courses a learner completes beside the missions (the learning app's).
    courses = models.ManyToManyField("learning.Course", blank=True, related_name="programs")
    is_published = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["is_published", "title"], name="programs_program_pub_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return row_url("programs:program-detail", self.slug)


class Cohort(models.Model):
    class Mode(models.TextChoices):
        OPEN = "open", "Open: join at once while seats last"
        APPLICATION = "application", "Application reviewed by program staff"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    capacity = models.PositiveIntegerField()
    applications_open_at = models.DateTimeField()
    applications_close_at = models.DateTimeField()
    enrolment_mode = models.CharField(max_length=12, choices=Mode.choices, default=Mode.APPLICATION)
    time_zone = models.CharField(max_length=64, default="Africa/Lagos")
    mentors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="cohorts_mentored")
    sponsors = models.ManyToManyField(Organization, blank=True, related_name="cohorts_sponsored")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lte=models.F("ends_on")), name="programs_cohort_dates"
            ),
            models.CheckConstraint(
                condition=Q(applications_open_at__lt=models.F("applications_close_at")),
                name="programs_cohort_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} — {self.name}"

    def get_absolute_url(self) -> str:
        return row_url("programs:cohort-home", self.pk)

    @property
    def is_accepting(self) -> bool:
        now = timezone.now()
        return self.applications_open_at <= now < self.applications_close_at


class Application(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting review"
        ACCEPTED = "accepted", "Accepted"
        WAITLISTED = "waitlisted", "On the waiting list"
        REJECTED = "rejected", "Not accepted"
        WITHDRAWN = "withdrawn", "Withdrawn"

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="applications")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_applications"
    )
    motivation = models.TextField()
    availability = models.CharField(max_length=300)
    links = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The waiting list is first come, first served by this time.
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            # One live application per member per program; a refused or withdrawn one may be
            # followed by a new one for a later cohort.
            models.UniqueConstraint(
                fields=["program", "applicant"],
                condition=Q(status__in=["pending", "accepted", "waitlisted"]),
                name="programs_application_one_live",
            ),
        ]
        indexes = [
            models.Index(fields=["cohort", "status", "created_at"], name="programs_app_cohort_idx"),
            models.Index(fields=["applicant", "-created_at"], name="programs_app_applicant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.applicant_id} → {self.cohort_id} ({self.status})"


class CohortMembership(models.Model):
    """A learner in a cohort. `program` is copied from the cohort so the database itself
    holds the rule: one cohort per member per program."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        WITHDRAWN = "withdrawn", "Left the cohort"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now)
    # A sentence the learner chose to share with sponsors, shown without their name.
    quote = models.CharField(max_length=400, blank=True)
    quote_shared = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="programs_one_cohort_per_program"),
        ]
        indexes = [models.Index(fields=["cohort", "status"], name="programs_membership_cohort_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.cohort_id}"


class Announcement(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="announcements")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    title = models.CharField(max_length=150)
    body = models.TextField(help_text="Markdown.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ScheduleItem(models.Model):
    """A session on the cohort's calendar (a kick-off call, a workshop, office hours)."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="schedule")
    title = models.CharField(max_length=150)
    starts_at = models.DateTimeField()
    minutes = models.PositiveIntegerField(default=60)
    where = models.CharField(max_length=200, blank=True, help_text="A place, or a call link.")

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title
