"""What members do to posts and to each other: reactions, follows, mutes and the reading list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from apps.community.models.posts import Comment, Post, Tag


class ReactionKind(models.TextChoices):
    LIKE = "like", "Like"
    INSIGHTFUL = "insightful", "Insightful"
    CLAP = "clap", "Clap"


REACTION_EMOJI = {"like": "❤️", "insightful": "💡", "clap": "👏"}


class Reaction(models.Model):
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=12, choices=ReactionKind.choices)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "post", "kind"],
                condition=Q(post__isnull=False),
                name="reaction_post_unique",
            ),
            models.UniqueConstraint(
                fields=["member", "comment", "kind"],
                condition=Q(comment__isnull=False),
                name="reaction_comment_unique",
            ),
            models.CheckConstraint(
                condition=Q(post__isnull=False, comment__isnull=True)
                | Q(post__isnull=True, comment__isnull=False),
                name="reaction_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}"


class Follow(models.Model):
    """A member following another member or a tag."""

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="followers")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["follower", "user"], condition=Q(user__isnull=False), name="follow_user_unique"
            ),
            models.UniqueConstraint(
                fields=["follower", "tag"], condition=Q(tag__isnull=False), name="follow_tag_unique"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, tag__isnull=True) | Q(user__isnull=True, tag__isnull=False),
                name="follow_one_target",
            ),
            models.CheckConstraint(condition=~Q(follower=F("user")), name="follow_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.follower_id} follows {self.user_id or self.tag_id}"


class Mute(models.Model):
    """Muted members and tags never show in any feed tab."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="muted_by"
    )
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="muted_by")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "user"], condition=Q(user__isnull=False), name="mute_user_unique"
            ),
            models.UniqueConstraint(
                fields=["member", "tag"], condition=Q(tag__isnull=False), name="mute_tag_unique"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False, tag__isnull=True) | Q(user__isnull=True, tag__isnull=False),
                name="mute_one_target",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} mutes {self.user_id or self.tag_id}"


class SavedPost(models.Model):
    """The reading list."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_posts")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="saves")
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["member", "post"], name="saved_post_unique")]

    def __str__(self) -> str:
        return f"{self.member_id} saved {self.post_id}"
