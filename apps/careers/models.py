"""The career-track quiz: versions of it and their items, a member's sessions with their raw
answers, and the results scored from them (apps/careers/scoring.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from apps.careers.scoring import CATEGORIES, CHOICE, HIGH, LIKERT, LOW, MEDIUM, ItemSpec
from apps.careers.tracks import TRACK_CHOICES, track_by_slug

CATEGORY_CHOICES = [(c.slug, c.name) for c in CATEGORIES]


class QuizVersionQuerySet(models.QuerySet):
    def published(self) -> QuizVersionQuerySet:
        return self.filter(status=QuizVersion.Status.PUBLISHED)

    def current(self) -> QuizVersion | None:
        """The newest published version: what a member starting the quiz takes."""
        return self.published().order_by("-number").first()


class QuizVersion(models.Model):
    """One edition of the quiz. Drafts are edited freely; a published version is frozen (its
    items are what kept answers refer to), and a change means a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=120)
    intro = models.TextField(max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = QuizVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number}: {self.title}"

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Item(models.Model):
    """A Likert statement for one track (answered 1-5), or a forced choice between two
    tracks' statements (answered 1 for the first, 2 for the second)."""

    class Kind(models.TextChoices):
        LIKERT = LIKERT, "Agree or disagree (1-5)"
        CHOICE = CHOICE, "Forced choice between two tracks"

    version = models.ForeignKey(QuizVersion, on_delete=models.CASCADE, related_name="items")
    key = models.SlugField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(max_length=20, choices=CATEGORY_CHOICES)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LIKERT)
    track = models.CharField(max_length=20, choices=TRACK_CHOICES)
    reverse = models.BooleanField(default=False, help_text="Worded against the track: scored 6 - answer.")
    text = models.CharField(max_length=200)
    other_track = models.CharField(max_length=20, choices=TRACK_CHOICES, blank=True)
    other_text = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="careers_item_key_unique_in_version"),
            models.CheckConstraint(
                condition=Q(kind=LIKERT, other_track="")
                | (Q(kind=CHOICE, reverse=False) & ~Q(other_track="")),
                name="careers_item_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.text}"

    def spec(self) -> ItemSpec:
        return ItemSpec(
            key=self.key,
            category=self.category,
            kind=self.kind,
            track=self.track,
            reverse=self.reverse,
            text=self.text,
            other_track=self.other_track,
            other_text=self.other_text,
        )


class QuizSession(models.Model):
    """One sitting of the quiz by a member: answers are saved page by page, so it can be left
    and resumed; `completed_at` is set when it is scored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="career_sessions"
    )
    version = models.ForeignKey(QuizVersion, on_delete=models.PROTECT, related_name="sessions")
    page = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "version"],
                condition=Q(completed_at__isnull=True),
                name="careers_one_open_session_per_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} v{self.version_id} ({'done' if self.completed_at else 'open'})"


class Answer(models.Model):
    session = models.ForeignKey(QuizSession, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="answers")
    value = models.PositiveSmallIntegerField()
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "item"], name="careers_one_answer_per_item"),
            models.CheckConstraint(condition=Q(value__gte=1, value__lte=5), name="careers_answer_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.value}"


class ResultQuerySet(models.QuerySet):
    def for_member(self, user) -> ResultQuerySet:
        return self.filter(user=user)

    def shared(self) -> ResultQuerySet:
        return self.filter(shared=True)


class Result(models.Model):
    """What one scoring version made of a session's answers. A session keeps one result per
    scoring version; the newest is the one shown."""

    class Confidence(models.TextChoices):
        HIGH = HIGH, "High"
        MEDIUM = MEDIUM, "Medium"
        LOW = LOW, "Low"

    session = models.ForeignKey(QuizSession, on_delete=models.CASCADE, related_name="results")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="career_results"
    )
    scoring_version = models.PositiveSmallIntegerField()
    primary_track = models.CharField(max_length=20, choices=TRACK_CHOICES)
    secondary_track = models.CharField(max_length=20, choices=TRACK_CHOICES, blank=True)
    confidence = models.CharField(max_length=10, choices=Confidence.choices)
    margin = models.FloatField()
    flags = models.JSONField(default=list, blank=True)
    track_scores = models.JSONField(default=dict)
    category_scores = models.JSONField(default=dict)
    choice_scores = models.JSONField(default=dict)
    reasons = models.JSONField(default=list, blank=True)
    # Private unless the member chooses to show it on their profile.
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "scoring_version"], name="careers_one_result_per_scoring_version"
            )
        ]
        indexes = [models.Index(fields=["primary_track", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.user}: {self.primary_track} ({self.confidence})"

    def get_absolute_url(self) -> str:
        return reverse("careers:result", args=[self.pk])

    @property
    def track(self):
        return track_by_slug(self.primary_track)

    @property
    def secondary(self):
        return track_by_slug(self.secondary_track) if self.secondary_track else None
