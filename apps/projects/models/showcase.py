from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from apps.core.links import row_url


class ProjectQuerySet(models.QuerySet):
    def for_cards(self) -> ProjectQuerySet:
        """Everything a project card shows, in a fixed number of queries: `project.team` is
        its members other than the owner, in the order they joined."""
        from apps.projects.models.members import ProjectMember

        team = ProjectMember.objects.exclude(role=ProjectMember.Role.OWNER).select_related("member")
        # No card shows the description or the hackathon (whose row carries its Markdown).
        return (
            self.defer("description")
            .select_related("creator", "creator__profile")
            .prefetch_related(
                "technologies",
                Prefetch("memberships", queryset=team.order_by("joined", "pk"), to_attr="team"),
            )
        )

    def listed(self) -> ProjectQuerySet:
        """Projects anyone may find: private ones appear only to their members, and only on
        their own pages (never in a list, search, profile or sitemap)."""
        return self.exclude(visibility=Project.Visibility.PRIVATE)


class Project(models.Model):
    class Kind(models.TextChoices):
        HACKATHON = "hackathon", "Hackathon"
        PRACTICE = "practice", "Practice"
        PERSONAL = "personal", "Personal"

    class Difficulty(models.TextChoices):
        BEGINNER = "beginner", "Beginner"
        INTERMEDIATE = "intermediate", "Intermediate"
        ADVANCED = "advanced", "Advanced"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public: anyone sees the project and its board"
        MEMBERS = "members", "Members only: anyone sees the project, only members see its board"
        PRIVATE = "private", "Private: only members know it exists"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        COMPLETED = "completed", "Completed"
        ARCHIVED = "archived", "Archived"

    class Category(models.TextChoices):
        WEB = "web", "Web development"
        MOBILE = "mobile", "Mobile development"
        AI_ML = "ai_ml", "AI / machine learning"
        BLOCKCHAIN = "blockchain", "Blockchain"
        IOT = "iot", "Internet of Things"
        GAME = "game", "Game development"
        OTHER = "other", "Other"

    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=200, blank=True)
    description = models.TextField(max_length=20_000, blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    technologies = models.ManyToManyField("profiles.Skill", blank=True, related_name="projects")
    repository_url = models.URLField("Repository", max_length=300, blank=True)
    demo_url = models.URLField("Live demo", max_length=300, blank=True)
    image = models.ImageField(upload_to="projects/", blank=True)
    # Null once the creator's account is erased: the project stays, credited to "deleted member".
    creator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="created_projects"
    )
    # Who works on it and in which role (owner, lead, developer, reviewer): ProjectMember.
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="projects.ProjectMember",
        through_fields=("project", "member"),
        related_name="member_projects",
        blank=True,
    )
    is_featured = models.BooleanField(default=False)
    # Kept by the like service; counting ProjectLike rows for every card would be one
    # aggregate per page.
    likes_count = models.PositiveIntegerField(default=0, editable=False)
    # The hackathon this came from (set by `project_publish_from_hackathon`).
    hackathon = models.ForeignKey(
        "hackathons.Hackathon", on_delete=models.SET_NULL, null=True, blank=True, related_name="projects"
    )
    source_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)

    # --- Workspace: what kind of project, who may see it, and who may join -------------
    project_type = models.CharField("Type", max_length=20, choices=Kind.choices, default=Kind.PERSONAL)
    difficulty = models.CharField(max_length=20, choices=Difficulty.choices, default=Difficulty.BEGINNER)
    starts_on = models.DateField("Start", null=True, blank=True)
    ends_on = models.DateField("End", null=True, blank=True)
    capacity = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many members at most, the owner included. Empty: no limit."
    )
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    looking_for_contributors = models.BooleanField(
        default=False, help_text="List it under “Looking for contributors” so members can ask to join."
    )
    wanted_skills = models.ManyToManyField(
        "profiles.Skill", blank=True, related_name="wanted_by_projects", verbose_name="required skills"
    )
    # Task keys read "<task_prefix>-<number>", e.g. DT-12. `next_task_number` is taken under a
    # row lock by task_create, so two tasks created at once never share a number.
    task_prefix = models.CharField(
        "Task key prefix", max_length=8, default="DT",
        validators=[RegexValidator(r"^[A-Z][A-Z0-9]{0,7}$", "Capital letters and digits, starting with a letter.")],
    )  # fmt: skip
    next_task_number = models.PositiveIntegerField(default=1, editable=False)

    # --- GitHub ---------------------------------------------------------------------------
    github_repo = models.CharField(
        "GitHub repository", max_length=140, blank=True,
        validators=[RegexValidator(r"^[A-Za-z0-9_.-]{1,39}/[A-Za-z0-9_.-]{1,100}$", "Write it as owner/name.")],
    )  # fmt: skip
    github_branches = models.CharField(
        "Branch filter", max_length=200, blank=True,
        help_text="Comma-separated branch names or patterns (main, release/*). Empty: every branch.",
    )  # fmt: skip
    github_pr_opened_status = models.CharField(
        "When a pull request opens", max_length=20, blank=True, default="review",
        help_text="Move the tasks it names to this column. Empty: do not move them.",
    )  # fmt: skip
    github_pr_merged_status = models.CharField(
        "When a pull request is merged", max_length=20, blank=True, default="done",
        help_text="Move the tasks it names to this column. Empty: do not move them.",
    )  # fmt: skip
    webhook_secret = models.CharField(max_length=64, blank=True, editable=False)
    # The secret before the last rotation, still accepted until GitHub has the new one.
    webhook_secret_previous = models.CharField(max_length=64, blank=True, editable=False)
    github_synced = models.DateTimeField(null=True, blank=True, editable=False)
    github_sync_note = models.CharField(max_length=300, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    updated = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [
            models.Index(fields=["-created", "-id"], name="projects_new_idx"),
            models.Index(fields=["-likes_count", "-created"], name="projects_liked_idx"),
            models.Index(fields=["-is_featured", "-created"], name="projects_featured_idx"),
            models.Index(fields=["category", "-created"], name="projects_category_idx"),
            models.Index(fields=["looking_for_contributors", "-created"], name="projects_open_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="projects_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="projects_capacity_min"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return row_url("projects:detail", self.pk)

    @property
    def card_version(self) -> tuple:
        """What a card (projects/_cards.html) shows that can change without `updated`: likes
        are counted by UPDATE, the creator's handle and picture and the team (`for_cards`)
        live on other rows. The card is cached per web process under this key."""
        creator = self.creator
        profile = getattr(creator, "profile", None) if creator else None
        return (
            self.updated,
            self.likes_count,
            self.is_featured,
            creator.handle if creator else None,
            profile.avatar_small.name if profile and profile.avatar_small else None,
            tuple(m.member.handle for m in getattr(self, "team", ())),
        )

    @property
    def is_private(self) -> bool:
        return self.visibility == self.Visibility.PRIVATE


class ProjectLike(models.Model):
    """A member's like. Unliking clears `active` instead of deleting the row, so liking again
    is the same source for points and a member's repeated likes count once."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="likes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_likes"
    )
    active = models.BooleanField(default=True)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["project", "member"], name="projects_like_once")]
        indexes = [models.Index(fields=["member", "active"], name="projects_like_member_idx")]

    def __str__(self) -> str:
        return f"{self.member_id} likes {self.project_id}"


class ProjectSave(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="saves")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_saves"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        constraints = [models.UniqueConstraint(fields=["project", "member"], name="projects_save_once")]

    def __str__(self) -> str:
        return f"{self.member_id} saved {self.project_id}"
