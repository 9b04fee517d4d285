"""The learning pages the benchmark measures (apps.core.benchmark)."""

from __future__ import annotations

from django.urls import reverse

from apps.core.benchmark.targets import Target
from apps.learning.models import Course


def targets(*, member) -> list[Target]:
    found = [Target("course catalogue", reverse("learning:course-list"))]
    course = Course.objects.published().order_by("pk").first()
    if course is not None:
        found.append(Target("course syllabus", reverse("learning:course-detail", args=[course.slug])))
    return found
