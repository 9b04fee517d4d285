from __future__ import annotations

from django.db import models


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
