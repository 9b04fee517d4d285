"""Organizations (communities, companies, universities, sponsors) and the people in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class Organization(models.Model):
    class Kind(models.TextChoices):
        COMMUNITY = "community", "Community"
        COMPANY = "company", "Company"
        UNIVERSITY = "university", "University"
        SPONSOR = "sponsor", "Sponsor"

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=80, unique=True)
    logo = models.ImageField(upload_to="programs/logos/", blank=True)
    website = models.URLField(blank=True)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.COMMUNITY)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="OrganizationMember", related_name="program_organizations"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganizationMember(models.Model):
    """A person's role in an organization. Directors run its programs (review applications,
    write missions, see the director dashboard); mentors review missions in the cohorts they
    are given; sponsor viewers read the sponsor dashboard."""

    class Role(models.TextChoices):
        DIRECTOR = "director", "Program director"
        MENTOR = "mentor", "Mentor"
        SPONSOR_VIEWER = "sponsor", "Sponsor viewer"
        MEMBER = "member", "Member"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organization_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "user"], name="programs_orgmember_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} of {self.organization_id}"
