from __future__ import annotations

import factory

from apps.projects.models import Project
from tests.accounts.factories import UserFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Project {n}")
    summary = "A useful thing"
    description = "It **works**."
    category = Project.Category.WEB
    creator = factory.SubFactory(UserFactory)

    @factory.post_generation
    def technologies(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.technologies.set(extracted)

    @factory.post_generation
    def collaborators(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.collaborators.set(extracted)
