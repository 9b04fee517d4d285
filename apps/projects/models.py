from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from apps.core.links import row_url


class ProjectQuerySet(models.QuerySet):
    def for_cards(self) -> ProjectQuerySet:
        """Everything a project card shows, in a fixed number of queries."""
        return self.select_related("creator", "creator__profile", "hackathon").prefetch_related(
            "technologies", "collaborators"
        )


class Project(models.Model):
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
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="collaborated_projects"
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
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return row_url("projects:detail", self.pk)


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
