from __future__ import annotations

import factory

from apps.projects.models import JoinRequest, Label, Project, ProjectMember, Task
from tests.accounts.factories import UserFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    """A project whose creator is its owner; `collaborators=[…]` adds leads, `members={user:
    role}` adds members in given roles."""

    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "A useful thing"
    description = "It **works**."
    category = Project.Category.WEB
    creator = factory.SubFactory(UserFactory)

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if create and obj.creator_id:
            ProjectMember.objects.get_or_create(
                project=obj, member_id=obj.creator_id, defaults={"role": "owner"}
            )

    @factory.post_generation
    def technologies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.technologies.set(extracted)

    @factory.post_generation
    def collaborators(obj, create, extracted, **kwargs):
        if create and extracted:
            for member in extracted:
                ProjectMember.objects.get_or_create(project=obj, member=member, defaults={"role": "lead"})

    @factory.post_generation
    def members(obj, create, extracted, **kwargs):
        if create and extracted:
            for member, role in extracted.items():
                ProjectMember.objects.update_or_create(project=obj, member=member, defaults={"role": role})


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Task {n}")
    position = factory.Sequence(lambda n: n)


class LabelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Label

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"label{n}")


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    project = factory.SubFactory(ProjectFactory)
    member = factory.SubFactory(UserFactory)
    direction = JoinRequest.Direction.ASK
