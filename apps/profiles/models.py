from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class Skill(models.Model):
    """A technology or ability, shared by profiles, hackathons, jobs and projects.

    `key` is the normalised name ("javascript" for "JavaScript" and "Javascript"), so one
    skill is never stored twice; create through `skill_get_or_create`.
    """

    class Category(models.TextChoices):
        LANGUAGE = "language", "Languages"
        FRAMEWORK = "framework", "Frameworks and libraries"
        TOOL = "tool", "Tools and platforms"
        DATA = "data", "Data and AI"
        DESIGN = "design", "Design"
        BUSINESS = "business", "Business and product"
        OTHER = "other", "Other"

    name = models.CharField(max_length=50)
    key = models.CharField(max_length=50, unique=True, editable=False)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Visibility(models.TextChoices):
    PUBLIC = "public", "Everyone"
    MEMBERS = "members", "Signed-in members only"
    HIDDEN = "hidden", "Only me"


class Profile(models.Model):
    """What a member shows about themselves at /u/<handle>/. Created lazily by
    `profile_get_or_create`; `points_total` is kept by `points_award`, never edited by hand."""

    class Level(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    headline = models.CharField(max_length=120, blank=True)
    bio = models.TextField(max_length=2000, blank=True)
    # What the member is working towards, in a sentence or two: shown to them beside their career
    # quiz result, and read by the mentor and coaching.
    goals = models.TextField(max_length=200, blank=True)
    location = models.CharField(max_length=100, blank=True)
    experience_level = models.CharField(max_length=20, choices=Level.choices, default=Level.BEGINNER)
    avatar = models.ImageField(upload_to="avatars/", blank=True)
    avatar_small = models.ImageField(upload_to="avatars/", blank=True)
    github_url = models.URLField("GitHub", blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True)
    portfolio_url = models.URLField("Portfolio", blank=True)
    website_url = models.URLField("Website", blank=True)
    x_url = models.URLField("X (Twitter)", blank=True)
    # Never shown on the public profile, whatever the visibility settings say.
    phone = models.CharField(max_length=20, blank=True)
    open_to_work = models.BooleanField(default=False)
    skills = models.ManyToManyField(Skill, blank=True, related_name="profiles")
    links_visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    experience_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    education_visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    points_total = models.PositiveIntegerField(default=0, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["-points_total"], name="profiles_points_idx")]

    def __str__(self) -> str:
        return f"Profile of {self.user}"


class _TimelineEntry(models.Model):
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    is_current = models.BooleanField("I am here now", default=False)
    description = models.TextField(max_length=2000, blank=True)

    class Meta:
        abstract = True
        ordering = ["-is_current", "-start_date"]


class Experience(_TimelineEntry):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="experiences")
    title = models.CharField(max_length=100)
    company = models.CharField(max_length=100)

    class Meta(_TimelineEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="profiles_experience_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(end_date__isnull=True),
                name="profiles_experience_current_has_no_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"


class Education(_TimelineEntry):
    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="educations")
    school = models.CharField(max_length=100)
    degree = models.CharField(max_length=100)

    class Meta(_TimelineEntry.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="profiles_education_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(is_current=False) | Q(end_date__isnull=True),
                name="profiles_education_current_has_no_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.degree}, {self.school}"


class PointsEntry(models.Model):
    """One line of the points ledger. Rows are only ever added by `points_award`."""

    class Reason(models.TextChoices):
        HACKATHON_JOIN = "hackathon_join", "Joined a hackathon"
        HACKATHON_SUBMIT = "hackathon_submit", "Submitted a hackathon project"
        HACKATHON_WIN = "hackathon_win", "Won a hackathon"
        PROJECT_LIKE = "project_like", "A project was liked"
        POST_HELPFUL = "post_helpful", "A post was marked helpful"
        LESSON_COMPLETE = "lesson_complete", "Finished a lesson"
        EXERCISE_PASS = "exercise_pass", "Passed an exercise"
        COURSE_COMPLETE = "course_complete", "Completed a course"
        PROGRAM_COMPLETE = "program_complete", "Completed a program"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="points_entries"
    )
    amount = models.PositiveIntegerField()
    reason = models.CharField(max_length=30, choices=Reason.choices)
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    created = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        verbose_name_plural = "points entries"
        ordering = ["-created"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "reason", "source_type", "source_id"],
                name="profiles_points_once_per_source",
            )
        ]
        indexes = [models.Index(fields=["member", "reason", "created"], name="profiles_points_cap_idx")]

    def __str__(self) -> str:
        return f"{self.amount} to {self.member_id} for {self.reason}"


class Badge(models.TextChoices):
    FIRST_HACKATHON = "first_hackathon", "First hackathon"
    FIRST_WIN = "first_win", "First win"
    FIRST_PROJECT = "first_project", "First project"
    TEN_LIKED = "ten_liked", "Liked 10 projects"
    CROWD_FAVOURITE = "crowd_favourite", "10 likes on your projects"
    PROFILE_COMPLETE = "profile_complete", "Profile complete"
    CENTURY = "century", "100 points"
    FIRST_LESSON = "first_lesson", "First lesson"
    COURSE_COMPLETE = "course_complete", "Course complete"
    PROGRAM_COMPLETE = "program_complete", "Program complete"


class BadgeAward(models.Model):
    """A badge a member earned, once, with the date. Awarded by the `badges_evaluate` task."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badges")
    badge = models.CharField(max_length=30, choices=Badge.choices)
    earned = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["earned"]
        constraints = [models.UniqueConstraint(fields=["member", "badge"], name="profiles_badge_once")]

    def __str__(self) -> str:
        return f"{self.get_badge_display()} for {self.member_id}"
