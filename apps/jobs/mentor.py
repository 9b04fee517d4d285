"""What the mentor may read of the jobs board (see apps/core/mentor.py): open jobs only, never
a draft, a rejected or an expired one. Each item says its seniority and the years of
experience it asks for, read from its title, type and text, so the mentor recommends a role
only to members at its level."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone

from apps.core.mentor import MentorContent, MentorItem, item_text
from apps.jobs.models import Job

KIND = "job"

_LEVELS = [
    ("intern", re.compile(r"\b(intern|internship|industrial training|siwes)\b", re.IGNORECASE)),
    (
        "senior",
        re.compile(
            r"\b(senior|sr\.?|lead|principal|staff|head of|architect|manager|director)\b", re.IGNORECASE
        ),
    ),
    ("junior", re.compile(r"\b(junior|jr\.?|graduate|entry[- ]level|trainee|apprentice)\b", re.IGNORECASE)),
    ("mid", re.compile(r"\b(mid[- ]level|mid|intermediate)\b", re.IGNORECASE)),
]
# "3+ years", "2-4 years", "at least 5 years": the first number is what the job asks for.
_YEARS = re.compile(r"\b(\d{1,2})\s*\+?\s*(?:-|\u2013|to)?\s*(?:\d{1,2}\s*)?\+?\s*years?\b", re.IGNORECASE)


def job_level(*, title: str, job_type: str) -> str:
    """intern, junior, mid or senior from the title and type; empty when neither says."""
    if job_type == Job.JobType.INTERNSHIP:
        return "intern"
    for level, pattern in _LEVELS:
        if pattern.search(title):
            return level
    return ""


def years_asked(text: str) -> int | None:
    match = _YEARS.search(text)
    return int(match.group(1)) if match else None


def _item(job: Job, skills: tuple[str, ...]) -> MentorItem:
    facts = f"{job.get_job_type_display()}, {job.get_location_type_display().lower()}, at {job.company}"
    return MentorItem(
        KIND,
        job.pk,
        job.title,
        job.get_absolute_url(),
        item_text(job.description, job.requirements),
        skills,
        facts=facts,
        level=job_level(title=job.title, job_type=job.job_type),
        years=years_asked(f"{job.requirements} {job.description}"),
    )


def _sample(spec: dict) -> Job:
    """A job for the mentor's evaluation world: open unless `spec["open"]` is false."""
    from apps.profiles.services import skill_get_or_create

    now = timezone.now()
    is_open = spec.get("open", True)
    job = Job.objects.create(
        title=spec["title"],
        company=spec.get("company", "Acme"),
        location=spec.get("location", "Lagos, Nigeria"),
        location_type=spec.get("location_type", Job.LocationType.REMOTE),
        job_type=spec.get("job_type", Job.JobType.FULL_TIME),
        salary_min=100,
        salary_max=200,
        description=spec.get("description", "A role on a small team."),
        requirements=spec.get("requirements", ""),
        status=Job.Status.PUBLISHED if is_open else Job.Status.EXPIRED,
        published_at=now - timedelta(days=3),
        expires_at=now + timedelta(days=27 if is_open else -1),
    )
    job.skills.add(*(skill_get_or_create(name=n) for n in spec.get("skills", [])))
    return job


CONTENT = MentorContent(
    kind=KIND,
    public=Job.objects.open,
    item=_item,
    searched=("title", "description", "requirements"),
    skills="skills",
    sample=_sample,
)
