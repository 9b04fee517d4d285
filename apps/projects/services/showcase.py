from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from PIL import Image

from apps.core.membership import membership_set
from apps.core.uploads import reencode_within
from apps.notifications.services import notify
from apps.profiles.services import badges_schedule, points_award, skill_get_or_create, skill_key
from apps.projects.models import Project, ProjectLike, ProjectMember, ProjectSave
from apps.projects.selectors import project_technology_options_invalidate

SHOWCASE_FIELDS = ("title", "summary", "description", "category", "repository_url", "demo_url")
WORKSPACE_FIELDS = (
    "project_type", "difficulty", "starts_on", "ends_on", "capacity", "visibility", "status",
    "looking_for_contributors", "task_prefix",
)  # fmt: skip
PROJECT_FIELDS = (*SHOWCASE_FIELDS, *WORKSPACE_FIELDS)
_SAVED_FIELDS = [*SHOWCASE_FIELDS, "image", "updated"]
_EXCLUDE = ["technologies", "wanted_skills", "members"]
MAX_TECHNOLOGIES = 20


def _defaults() -> dict[str, Any]:
    return {f.name: f.get_default() for f in Project._meta.fields if f.name in WORKSPACE_FIELDS}


def _skills(names: list[str]) -> list:
    keys: dict[str, str] = {}
    for name in names:
        if skill_key(name) and skill_key(name) not in keys:
            keys[skill_key(name)] = name
    return [skill_get_or_create(name=name) for name in list(keys.values())[:MAX_TECHNOLOGIES]]


def _technologies_set(*, project: Project, names: list[str]) -> None:
    project.technologies.set(_skills(names))
    transaction.on_commit(project_technology_options_invalidate)


def _image_set(*, project: Project, image: Image.Image) -> None:
    old = project.image.name if project.image else ""
    project.image.save("cover.webp", reencode_within(image, max_width=1200, max_height=800), save=False)
    if old:
        storage = project.image.storage
        transaction.on_commit(lambda: storage.delete(old))


@transaction.atomic
def project_create(
    *,
    creator,
    data: dict[str, Any],
    technologies: list[str],
    image: Image.Image | None = None,
    wanted_skills: list[str] | None = None,
) -> Project:
    """Publish a project; its creator becomes its owner."""
    values = {**_defaults(), **{name: data.get(name, "") for name in SHOWCASE_FIELDS}}
    values |= {name: data[name] for name in WORKSPACE_FIELDS if name in data}
    project = Project(creator=creator, **values)
    if image is not None:
        _image_set(project=project, image=image)
    project.full_clean(exclude=_EXCLUDE)
    project.save()
    ProjectMember.objects.create(project=project, member=creator, role=ProjectMember.Role.OWNER)
    _technologies_set(project=project, names=technologies)
    project.wanted_skills.set(_skills(wanted_skills or []))
    badges_schedule(member=creator)
    return project


@transaction.atomic
def project_update(
    *,
    project: Project,
    data: dict[str, Any],
    technologies: list[str],
    image: Image.Image | None = None,
    wanted_skills: list[str] | None = None,
) -> Project:
    fields = list(_SAVED_FIELDS)
    for name in PROJECT_FIELDS:
        if name in data:
            setattr(project, name, data[name])
            if name in WORKSPACE_FIELDS:
                fields.append(name)
    if image is not None:
        _image_set(project=project, image=image)
    project.full_clean(exclude=_EXCLUDE)
    project.save(update_fields=fields)  # likes_count is kept by project_like_set
    _technologies_set(project=project, names=technologies)
    if wanted_skills is not None:
        project.wanted_skills.set(_skills(wanted_skills))
    return project


@transaction.atomic
def project_delete(*, project: Project) -> None:
    """Delete the project with its likes, saves, members and board, and its cover image once
    the deletion is committed. Points already earned from it stay in the ledger."""
    image = project.image.name if project.image else ""
    storage = project.image.storage
    project.delete()
    if image:
        transaction.on_commit(lambda: storage.delete(image))
    transaction.on_commit(project_technology_options_invalidate)


@transaction.atomic
def project_like_set(*, project: Project, member, liked: bool) -> int:
    """Like or unlike; asking for the state already in place changes nothing. Returns the
    new like count. The creator gets points once per liking member (the like row is kept on
    unlike, so like-unlike-like is one source)."""
    Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True).first()
    like = ProjectLike.objects.filter(project=project, member=member).first()
    delta = 0
    if liked:
        if like is None:
            try:
                with transaction.atomic():
                    like = ProjectLike.objects.create(project=project, member=member)
                delta = 1
            except IntegrityError:
                like = ProjectLike.objects.get(project=project, member=member)
        if not like.active:
            like.active = True
            like.save(update_fields=["active"])
            delta = 1
    elif like is not None and like.active:
        like.active = False
        like.save(update_fields=["active"])
        delta = -1
    if delta:
        Project.objects.filter(pk=project.pk).update(likes_count=F("likes_count") + delta)
    project.refresh_from_db(fields=["likes_count"])
    if delta > 0 and project.creator_id and project.creator_id != member.pk:
        points_award(member=project.creator, reason="project_like", source=like)
        notify(
            recipient=project.creator, kind="reaction", verb="liked your project", actor=member, target=project,
            url=project.get_absolute_url(),
        )  # fmt: skip
    if delta:
        badges_schedule(member=member)
    return project.likes_count


@transaction.atomic
def project_save_set(*, project: Project, member, saved: bool) -> bool:
    """Save or unsave; idempotent. Returns whether anything changed."""
    return membership_set(ProjectSave, on=saved, project=project, member=member)


def _team_set(*, project: Project, owner, team: list) -> None:
    """`owner` owns the project and the members of `team` are its leads; members who joined
    the workspace some other way stay."""
    owner_id = getattr(owner, "pk", None)
    current = dict(ProjectMember.objects.filter(project=project).values_list("member_id", "role"))
    if owner_id is not None and current.get(owner_id) != ProjectMember.Role.OWNER:
        ProjectMember.objects.filter(project=project, role=ProjectMember.Role.OWNER).update(
            role=ProjectMember.Role.LEAD
        )
        ProjectMember.objects.update_or_create(
            project=project, member_id=owner_id, defaults={"role": ProjectMember.Role.OWNER}
        )
    ProjectMember.objects.bulk_create(
        [
            ProjectMember(project=project, member=m, role=ProjectMember.Role.LEAD)
            for m in team
            if m.pk != owner_id and m.pk not in current
        ],
        ignore_conflicts=True,
    )


@transaction.atomic
def project_publish_from_hackathon(
    *,
    source_key: str,
    hackathon,
    title: str,
    description: str,
    repository_url: str,
    demo_url: str,
    technologies: list[str],
    creator,
    collaborators: list,
) -> Project:
    """Create or update the showcase project for a hackathon submission (idempotent on
    `source_key`, e.g. "hackathon-submission:42"), so it appears on its members' profiles.
    The submitter owns it and the teammates are its leads."""
    project = Project.objects.select_for_update().filter(source_key=source_key).first()
    if project is None:
        try:
            with transaction.atomic():
                project = Project.objects.create(
                    source_key=source_key,
                    title=title[:120],
                    creator=creator,
                    project_type=Project.Kind.HACKATHON,
                )
        except IntegrityError:  # published concurrently
            project = Project.objects.select_for_update().get(source_key=source_key)
    project.title = title[:120]
    project.description = (description or "")[:20_000]
    project.repository_url = repository_url or ""
    project.demo_url = demo_url or ""
    project.creator = creator
    project.hackathon = hackathon
    project.full_clean(exclude=_EXCLUDE)
    project.save(update_fields=[*_SAVED_FIELDS, "creator", "hackathon"])
    _technologies_set(project=project, names=list(technologies))
    _team_set(project=project, owner=creator, team=[m for m in collaborators if m is not None])
    if creator is not None:
        badges_schedule(member=creator)
    return project
