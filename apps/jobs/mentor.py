"""What the mentor may read of the jobs board (see apps/core/mentor.py): open jobs only, never
a draft, a rejected or an expired one. Each item says its seniority and the years of
experience it asks for, read from its title, type and text, so the mentor recommends a role
only to members at its level."""

from __future__ import annotations

import re

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


CONTENT = MentorContent(
    kind=KIND,
    public=Job.objects.open,
    item=_item,
    searched=("title", "description", "requirements"),
    skills="skills",
)
