from __future__ import annotations

import factory
from django.utils import timezone

from apps.community.models import Comment, Post, Tag
from apps.community.rendering import excerpt_from_html, render_body
from apps.community.services import search_index_update
from tests.accounts.factories import UserFactory


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"tag{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A published post with its HTML rendered as the services would."""

    class Meta:
        model = Post
        skip_postgeneration_save = True

    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Post number {n}")
    body = "Some **markdown** text.\n\n```python\nprint('hi')\n```\n"
    body_html = factory.LazyAttribute(lambda o: render_body(o.body)[0])
    excerpt = factory.LazyAttribute(lambda o: excerpt_from_html(o.body_html))
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def tags(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.tags.set(extracted)

    @factory.post_generation
    def search_index(obj, create, extracted, **kwargs):
        if create:
            search_index_update(post_ids=[obj.pk])


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment
        skip_postgeneration_save = True

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory)
    body = "A comment."
    body_html = factory.LazyAttribute(lambda o: render_body(o.body)[0])

    @factory.post_generation
    def search_index(obj, create, extracted, **kwargs):
        if create:
            search_index_update(comment_ids=[obj.pk])
