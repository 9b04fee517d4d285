"""Posts, their tags, revisions and threaded comments."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q

from apps.core.links import row_url
from apps.core.permissions import is_verified_staff


class SearchVectorColumn(SearchVectorField):
    """A stored tsvector on PostgreSQL (a plain, unused text column on SQLite). The project
    does not list django.contrib.postgres in INSTALLED_APPS; the search lookups work without
    it, so its check is skipped."""

    def _check_postgres_installed(self, *args):
        return []

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


tag_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{0,29}$", "Tags use 1 to 30 lowercase letters, digits or dashes."
)


# How much of an untitled post's text stands in for its title in lists and the page title.
DISPLAY_TITLE_LENGTH = 80


class Tag(models.Model):
    name = models.CharField(max_length=30, unique=True, validators=[tag_validator])
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"#{self.name}"

    def get_absolute_url(self) -> str:
        return row_url("community:tag-detail", self.name)


class PostQuerySet(models.QuerySet):
    def published(self) -> PostQuerySet:
        return self.filter(status=Post.Status.PUBLISHED)

    def visible_to(self, user) -> PostQuerySet:
        """Published and not hidden, plus the member's own posts (drafts and hidden ones);
        staff who passed two factors see hidden posts too."""
        if user is not None and user.is_authenticated:
            if is_verified_staff(user):
                return self.filter(Q(status=Post.Status.PUBLISHED) | Q(author=user))
            return self.filter(Q(status=Post.Status.PUBLISHED, is_hidden=False) | Q(author=user))
        return self.filter(status=Post.Status.PUBLISHED, is_hidden=False)

    def listed(self) -> PostQuerySet:
        """What feeds and tag pages list: published, not hidden."""
        return self.filter(status=Post.Status.PUBLISHED, is_hidden=False)

    def for_cards(self) -> PostQuerySet:
        return self.select_related("author").prefetch_related("tags").defer("body", "body_html")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    # Null once the author's account is erased: the post stays, by "deleted member".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    # Rendered and sanitised once on save, so lists never re-render Markdown.
    body_html = models.TextField(blank=True)
    excerpt = models.CharField(max_length=300, blank=True)
    tags = models.ManyToManyField(Tag, related_name="posts", blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    comments_locked = models.BooleanField(default=False)
    # Denormalised counters, kept by the services.
    like_count = models.PositiveIntegerField(default=0)
    insightful_count = models.PositiveIntegerField(default=0)
    clap_count = models.PositiveIntegerField(default=0)
    reaction_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # Full-text search on PostgreSQL (title A, body B), kept by the services; GIN-indexed by
    # migration 0003. Unused (NULL) on SQLite, which searches with icontains.
    search_vector = SearchVectorColumn(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [
            # Latest and Following tabs, tag pages: newest listed posts first.
            models.Index(
                F("published_at").desc(),
                F("id").desc(),
                name="post_listed_recent",
                condition=Q(status="published", is_hidden=False),
            ),
            # Top tab: most reactions among listed posts.
            models.Index(
                F("reaction_count").desc(),
                F("published_at").desc(),
                name="post_listed_top",
                condition=Q(status="published", is_hidden=False),
            ),
            models.Index(fields=["author", "-published_at"], name="post_author_recent"),
            # Following tab, posts by followed members: an index-only scan of their listed
            # posts' ids (author IN (…) cannot walk post_listed_recent without filtering
            # thousands of rows).
            models.Index(
                "author",
                F("published_at").desc(),
                F("id").desc(),
                name="post_author_listed_recent",
                condition=Q(status="published", is_hidden=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return row_url("community:post-detail", self.pk)

    @property
    def card_key(self) -> tuple:
        """What a card (community/_post_cards.html) shows that can change without `edited_at`:
        the counts, kept by UPDATE, the author's names and the tags, on other rows. The card
        is drawn once per web process under this key (apps.core.fragments)."""
        author = self.author
        return (
            self.pk,
            self.edited_at,
            self.reaction_count,
            self.comment_count,
            (author.handle, author.display_name) if author else None,
            tuple(tag.name for tag in self.tags.all()),
        )

    @property
    def display_title(self) -> str:
        """The title, or for an untitled post its opening words, cut at a word with an ellipsis."""
        if self.title:
            return self.title
        if not self.excerpt:
            return f"Post {self.pk}"
        if len(self.excerpt) <= DISPLAY_TITLE_LENGTH:
            return self.excerpt
        cut = self.excerpt[: DISPLAY_TITLE_LENGTH - 1]
        words = cut.rsplit(" ", 1)[0] if " " in cut else cut
        return words.rstrip(" ,.;:!?-…") + "…"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class PostRevision(models.Model):
    """The post as it was before an edit."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"Revision of {self.post_id} at {self.created:%Y-%m-%d %H:%M}"


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    depth = models.PositiveSmallIntegerField(default=0)
    body = models.TextField()
    body_html = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Deleted with replies under it: the thread keeps its place, the words go.
    is_deleted = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)
    like_count = models.PositiveIntegerField(default=0)
    insightful_count = models.PositiveIntegerField(default=0)
    clap_count = models.PositiveIntegerField(default=0)
    search_vector = SearchVectorColumn(null=True, editable=False)

    class Meta:
        ordering = ["created", "pk"]
        indexes = [models.Index(fields=["post", "created"], name="comment_post_created")]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.post_id}"

    def get_absolute_url(self) -> str:
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"
