from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A personal token for the mentor API (`Authorization: Bearer …`).

    Only the SHA-256 of the token is stored: the plain token is shown once, when created.
    `prefix` (the first characters) lets the member tell their tokens apart.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_tokens"
    )
    name = models.CharField(max_length=60)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["member", "-created_at"], name="mentor_token_member_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ContextType(models.TextChoices):
    HACKATHON = "hackathon", "Hackathon"
    JOB = "job", "Job"
    PROJECT = "project", "Project"
    POST = "post", "Post"
    # A member's own career quiz result (apps/careers/mentor.py): never public, read for its owner.
    CAREERS_RESULT = "careers_result", "Career quiz result"
    # A lesson or an exercise of a course (apps/learning/mentor.py); an exercise brings the
    # member's own last submission.
    LESSON = "lesson", "Lesson"
    EXERCISE = "exercise", "Exercise"
    # A member's own goals, habits and last reflections (apps/mentorship/mentor.py): read only
    # for its owner; the id is the member's own.
    COACHING = "coaching", "Coaching"


class Conversation(models.Model):
    """A chat between a member and the mentor, optionally about one piece of site content."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_conversations"
    )
    title = models.CharField(max_length=120)
    context_type = models.CharField(max_length=20, choices=ContextType.choices, blank=True)
    context_id = models.PositiveBigIntegerField(null=True, blank=True)
    message_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["member", "-updated_at"], name="mentor_conv_member_idx")]

    def __str__(self) -> str:
        return self.title


class Message(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        MENTOR = "mentor", "Mentor"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    content = models.TextField()
    # [{"title": …, "url": …}] for mentor replies.
    sources = models.JSONField(default=list, blank=True)
    backend = models.CharField(max_length=20, blank=True)
    # The call that produced a mentor reply, so the page can ask "was this helpful?".
    interaction = models.ForeignKey(
        "MentorInteraction", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["conversation", "created_at"], name="mentor_msg_conv_idx")]

    def __str__(self) -> str:
        return f"{self.role}: {self.content[:40]}"


class MentorInteraction(models.Model):
    """One call to the mentor (chat, code review, explain, suggestions): the usage log that the
    staff page reads and the member's data export includes."""

    class Kind(models.TextChoices):
        CHAT = "chat", "Chat"
        CODE_REVIEW = "code_review", "Code review"
        EXPLAIN = "explain", "Explain"
        SUGGESTIONS = "suggestions", "Suggestions"

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_interactions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    conversation = models.ForeignKey(
        Conversation, on_delete=models.SET_NULL, null=True, blank=True, related_name="interactions"
    )
    # {"type": "hackathon", "id": 4} or {"language": "python"}.
    context = models.JSONField(default=dict, blank=True)
    prompt = models.TextField()
    reply = models.TextField()
    backend = models.CharField(max_length=20)
    latency_ms = models.PositiveIntegerField(default=0)
    helpful = models.BooleanField(null=True, blank=True)
    feedback_comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="mentor_inter_member_idx"),
            models.Index(fields=["-latency_ms"], name="mentor_inter_latency_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} by {self.member_id} ({self.backend})"
