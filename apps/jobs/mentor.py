"""What the mentor may read of the jobs board (see apps/core/mentor.py): open jobs only, never
a draft, a rejected or an expired one."""

from __future__ import annotations

from apps.core.mentor import MentorContent, MentorItem, item_text
from apps.jobs.models import Job

KIND = "job"


def _item(job: Job, skills: tuple[str, ...]) -> MentorItem:
    return MentorItem(KIND, job.pk, job.title, job.get_absolute_url(), item_text(job.description), skills)


CONTENT = MentorContent(
    kind=KIND,
    public=Job.objects.open,
    item=_item,
    searched=("title", "description"),
    skills="skills",
)
