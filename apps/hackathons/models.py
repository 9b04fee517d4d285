"""Hackathons, the people taking part, their teams and submissions, and the judging.

The status of a hackathon (upcoming, open for registration, running, judging, ended) is never
stored: it follows from its dates, in Python (`Hackathon.status`) and in SQL
(`HackathonQuerySet.with_status`), so it can neither drift nor be set by hand.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from apps.core.links import row_url


class Status(models.TextChoices):
    UPCOMING = "upcoming", "Upcoming"
    OPEN = "open", "Open for registration"
    RUNNING = "running", "Running"
    JUDGING = "judging", "Judging"
    ENDED = "ended", "Ended"


class HackathonQuerySet(models.QuerySet):
    def with_status(self, status: str, *, now: datetime | None = None) -> HackathonQuerySet:
        """Only hackathons in `status` at `now`, decided by their dates in SQL (so it paginates
        and uses the date indexes)."""
        now = now or timezone.now()
        conditions = {
            Status.UPCOMING: Q(registration_opens_at__gt=now),
            Status.OPEN: Q(registration_opens_at__lte=now, starts_at__gt=now),
            Status.RUNNING: Q(starts_at__lte=now, submission_deadline__gt=now),
            Status.JUDGING: Q(submission_deadline__lte=now, judging_ends_at__gt=now),
            Status.ENDED: Q(judging_ends_at__lte=now),
        }
        return self.filter(conditions[Status(status)])

    def taking_part(self, *, now: datetime | None = None) -> HackathonQuerySet:
        """Upcoming, open or running: still ahead of their submission deadline."""
        return self.filter(submission_deadline__gt=now or timezone.now())


class Hackathon(models.Model):
    class Difficulty(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class Mode(models.TextChoices):
        ONLINE = "online", "Online"
        IN_PERSON = "in_person", "In person"

    title = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    tagline = models.CharField(max_length=200, blank=True)
    description = models.TextField(help_text="Markdown.")
    rules = models.TextField(blank=True, help_text="Markdown.")
    requirements = models.TextField(blank=True, help_text="Markdown.")
    banner = models.ImageField(upload_to="hackathons/banners/", blank=True)
    # Empty once the organiser's account is deleted ("deleted member").
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="organised_hackathons"
    )
    difficulty = models.CharField(max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER)
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.ONLINE)
    city = models.CharField(max_length=80, blank=True)
    technologies = models.ManyToManyField("profiles.Skill", blank=True, related_name="hackathons")

    registration_opens_at = models.DateTimeField()
    registration_deadline = models.DateTimeField()
    starts_at = models.DateTimeField()
    submission_deadline = models.DateTimeField()
    judging_ends_at = models.DateTimeField()

    max_participants = models.PositiveIntegerField(null=True, blank=True)
    max_team_size = models.PositiveSmallIntegerField(default=4)
    currency = models.CharField(max_length=3, default="NGN")
    # Denormalised, kept by services: the sum of the prizes and the number of participants.
    prize_total = models.PositiveBigIntegerField(default=0)
    participant_count = models.PositiveIntegerField(default=0)
    results_published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = HackathonQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        permissions = [("organise_hackathon", "Can organise hackathons")]
        indexes = [
            models.Index(fields=["starts_at", "id"], name="hack_starts_idx"),
            models.Index(fields=["-created_at", "-id"], name="hack_created_idx"),
            models.Index(fields=["-prize_total", "starts_at"], name="hack_prize_idx"),
            models.Index(fields=["registration_opens_at"], name="hack_regopen_idx"),
            models.Index(fields=["submission_deadline"], name="hack_subdead_idx"),
            models.Index(fields=["judging_ends_at", "starts_at"], name="hack_judgeend_idx"),
            models.Index(fields=["difficulty", "starts_at"], name="hack_diff_idx"),
            models.Index(fields=["mode", "starts_at"], name="hack_mode_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_opens_at__lte=F("registration_deadline"))
                & Q(registration_opens_at__lte=F("starts_at"))
                & Q(starts_at__lt=F("submission_deadline"))
                & Q(registration_deadline__lte=F("submission_deadline"))
                & Q(submission_deadline__lte=F("judging_ends_at")),
                name="hack_dates_in_order",
            ),
            models.CheckConstraint(condition=Q(max_team_size__gte=1), name="hack_team_size_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return row_url("hackathons:detail", self.slug)

    def status_at(self, now: datetime) -> Status:
        if now < self.registration_opens_at:
            return Status.UPCOMING
        if now < self.starts_at:
            return Status.OPEN
        if now < self.submission_deadline:
            return Status.RUNNING
        if now < self.judging_ends_at:
            return Status.JUDGING
        return Status.ENDED

    @property
    def status(self) -> Status:
        return self.status_at(timezone.now())

    # What a list reads of a row whose card (hackathons/_cards.html) is already drawn.
    CARD_ROW_FIELDS = (
        "id", "updated_at", "participant_count",
        "registration_opens_at", "starts_at", "submission_deadline", "judging_ends_at",
    )  # fmt: skip

    @property
    def card_key(self) -> tuple:
        """Everything a card shows that can change without `updated_at`: the status moves with
        the clock, the participant count is kept by UPDATE. Cards are drawn once per web
        process under this key (apps.core.fragments)."""
        return (self.pk, self.updated_at, self.status, self.participant_count)

    @property
    def registration_open(self) -> bool:
        now = timezone.now()
        return self.registration_opens_at <= now < self.registration_deadline

    @property
    def submissions_open(self) -> bool:
        now = timezone.now()
        return self.starts_at <= now < self.submission_deadline

    @property
    def submissions_closed(self) -> bool:
        """Results can be published from here on."""
        return timezone.now() >= self.submission_deadline

    @property
    def teams_changeable(self) -> bool:
        """Teams form and change until the submission deadline, then freeze."""
        return timezone.now() < self.submission_deadline

    @property
    def is_full(self) -> bool:
        return self.max_participants is not None and self.participant_count >= self.max_participants

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None

    def timeline(self) -> list[tuple[str, datetime]]:
        """The milestones in date order (registration may close before or after hacking starts)."""
        milestones = [
            ("Registration opens", self.registration_opens_at),
            ("Hacking starts", self.starts_at),
            ("Registration closes", self.registration_deadline),
            ("Submissions close", self.submission_deadline),
            ("Judging ends", self.judging_ends_at),
        ]
        return sorted(milestones, key=lambda item: item[1])

    def next_deadline(self) -> tuple[str, datetime] | None:
        now = timezone.now()
        upcoming = sorted((when, label) for label, when in self.timeline() if when > now)
        return (upcoming[0][1], upcoming[0][0]) if upcoming else None


class Track(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint("hackathon", Lower("name"), name="hack_track_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Prize(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="prizes")
    track = models.ForeignKey(Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="prizes")
    title = models.CharField(max_length=120)
    amount = models.PositiveBigIntegerField(default=0, help_text="Whole units of the hackathon's currency.")
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "-amount", "id"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(help_text="Relative weight, e.g. 30 for 30%.")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint("hackathon", Lower("name"), name="hack_criterion_name_unique"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=100), name="hack_criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.weight})"


class Judge(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judging")
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["hackathon", "user"], name="hack_judge_unique")]

    def __str__(self) -> str:
        return f"{self.user} judges {self.hackathon}"


class HackathonParticipation(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hackathon_participations"
    )
    # What the member said they bring when joining; used to match teams looking for skills.
    skills = models.ManyToManyField("profiles.Skill", blank=True, related_name="+")
    looking_for_team = models.BooleanField(default=True)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "user"], name="hack_participation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.hackathon}"


class Team(models.Model):
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=60)
    description = models.CharField(max_length=300, blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    looking_for = models.ManyToManyField("profiles.Skill", blank=True, related_name="+")
    join_code = models.CharField(max_length=16, unique=True)
    member_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint("hackathon", Lower("name"), name="hack_team_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("hackathons:team-detail", kwargs={"slug": self.hackathon.slug, "team_id": self.pk})


class TeamMembership(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    # Repeated from the team so the database itself enforces one team per person per hackathon.
    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hackathon", "user"], name="hack_one_team_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in team {self.team}"


class JoinRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=300, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "user"], condition=Q(state="pending"), name="hack_one_pending_request"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} asks to join {self.team} ({self.state})"


class Submission(models.Model):
    """A team's project, or a solo participant's (team is empty then)."""

    hackathon = models.ForeignKey(Hackathon, on_delete=models.CASCADE, related_name="submissions")
    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="submission"
    )
    # The team leader when it was submitted, or the solo participant.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    track = models.ForeignKey(
        Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="submissions"
    )
    title = models.CharField(max_length=120)
    description = models.TextField(help_text="Markdown.")
    repository_url = models.URLField(max_length=300, blank=True)
    demo_url = models.URLField(max_length=300, blank=True)
    video_url = models.URLField(max_length=300, blank=True)
    technologies = models.ManyToManyField("profiles.Skill", blank=True, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Written once, when the organiser publishes the results.
    final_score = models.FloatField(null=True, blank=True)
    rank = models.PositiveIntegerField(null=True, blank=True)
    track_winner = models.BooleanField(default=False)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["hackathon", "owner"], condition=Q(team__isnull=True), name="hack_one_solo_submission"
            ),
        ]
        indexes = [models.Index(fields=["hackathon", "rank"], name="hack_sub_rank_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def entrant_name(self) -> str:
        if self.team_id:
            return self.team.name
        return self.owner.display_name if self.owner_id else "deleted member"


class Score(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.PositiveSmallIntegerField()
    comment = models.TextField(blank=True, max_length=2000)
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "judge", "criterion"], name="hack_score_unique"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=10), name="hack_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"
