from __future__ import annotations

from datetime import timedelta

import factory
from django.apps import apps
from django.utils import timezone

from apps.mentor.models import Conversation, MentorInteraction, Message
from tests.accounts.factories import UserFactory


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    member = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Conversation {n}")


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    role = Message.Role.MEMBER
    content = "How do I start?"


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorInteraction

    member = factory.SubFactory(UserFactory)
    kind = MentorInteraction.Kind.CHAT
    prompt = "How do I start?"
    reply = "What have you tried?"
    backend = "local"
    latency_ms = 12


def _model(label: str, name: str):
    return apps.get_model(label, name)


def skills(*names: str) -> list:
    from apps.profiles.services import skill_get_or_create

    return [skill_get_or_create(name=name) for name in names]


def give_skills(user, *names: str) -> None:
    """Put skills on the member's profile (the profiles app's model)."""
    profile_model = _model("profiles", "Profile")
    profile, _ = profile_model.objects.get_or_create(user=user)
    profile.skills.add(*skills(*names))


def make_hackathon(
    *, title: str, description: str = "Build something useful.", technologies=(), slug: str = ""
):
    hackathon_model = _model("hackathons", "Hackathon")
    now = timezone.now()
    hackathon = hackathon_model.objects.create(
        title=title,
        slug=slug or title.lower().replace(" ", "-")[:60],
        description=description,
        registration_opens_at=now - timedelta(days=1),
        registration_deadline=now + timedelta(days=5),
        starts_at=now + timedelta(days=6),
        submission_deadline=now + timedelta(days=8),
        judging_ends_at=now + timedelta(days=10),
    )
    hackathon.technologies.add(*skills(*technologies))
    return hackathon


def make_post(*, title: str, body: str, author=None, published: bool = True, hidden: bool = False):
    from apps.community.services import search_index_update

    post_model = _model("community", "Post")
    post = post_model.objects.create(
        author=author,
        title=title,
        body=body,
        status="published" if published else "draft",
        published_at=timezone.now() if published else None,
        is_hidden=hidden,
    )
    search_index_update(post_ids=[post.pk])  # as the services keep it: the mentor searches it
    return post


def make_project(*, title: str, description: str = "", technologies=(), creator=None):
    project_model = _model("projects", "Project")
    project = project_model.objects.create(title=title, description=description, creator=creator)
    project.technologies.add(*skills(*technologies))
    return project


def make_job(*, title: str, description: str = "A role.", technologies=(), published: bool = True):
    job_model = _model("jobs", "Job")
    now = timezone.now()
    job = job_model.objects.create(
        title=title,
        company="Acme",
        location="Lagos",
        location_type="remote",
        job_type="full-time",
        description=description,
        status="published" if published else "draft",
        published_at=now if published else None,
        expires_at=now + timedelta(days=30),
    )
    job.skills.add(*skills(*technologies))
    return job
