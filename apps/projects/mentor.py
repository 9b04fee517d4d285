"""What the mentor may read of the project showcase (see apps/core/mentor.py): every project
but private ones."""

from __future__ import annotations

from apps.core.mentor import MentorContent, MentorItem, item_text
from apps.projects.models import Project

KIND = "project"


def _item(project: Project, skills: tuple[str, ...]) -> MentorItem:
    text = item_text(project.summary, project.description)
    return MentorItem(KIND, project.pk, project.title, project.get_absolute_url(), text, skills)


def _sample(spec: dict) -> Project:
    from apps.profiles.services import skill_get_or_create

    project = Project.objects.create(
        title=spec["title"], summary=spec.get("summary", ""), description=spec.get("description", "")
    )
    project.technologies.add(*(skill_get_or_create(name=n) for n in spec.get("technologies", [])))
    return project


CONTENT = MentorContent(
    kind=KIND,
    public=Project.objects.listed,
    item=_item,
    searched=("title", "summary", "description"),
    skills="technologies",
    sample=_sample,
)
