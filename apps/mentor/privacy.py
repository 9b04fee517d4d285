"""The member's mentor data for export, and its erasure with the account."""

from __future__ import annotations

from django.db import transaction

from apps.mentor.models import ApiToken, Conversation, MentorInteraction


def export_member_data(user) -> dict:
    conversations = (
        Conversation.objects.filter(member=user).prefetch_related("messages").order_by("created_at")
    )
    return {
        "conversations": [
            {
                "id": c.pk,
                "title": c.title,
                "context": {"type": c.context_type, "id": c.context_id} if c.context_type else None,
                "created_at": c.created_at.isoformat(),
                "messages": [
                    {
                        "role": m.role,
                        "content": m.content,
                        "sources": m.sources,
                        "backend": m.backend,
                        "created_at": m.created_at.isoformat(),
                    }
                    for m in c.messages.all()
                ],
            }
            for c in conversations
        ],
        "interactions": [
            {
                "id": i.pk,
                "kind": i.kind,
                "context": i.context,
                "prompt": i.prompt,
                "reply": i.reply,
                "backend": i.backend,
                "latency_ms": i.latency_ms,
                "helpful": i.helpful,
                "feedback_comment": i.feedback_comment,
                "created_at": i.created_at.isoformat(),
            }
            for i in MentorInteraction.objects.filter(member=user).order_by("created_at")
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in ApiToken.objects.filter(member=user).order_by("created_at")
        ],
    }


@transaction.atomic
def erase_member_data(user) -> None:
    """Everything the mentor holds about a member is private to them: delete it all."""
    MentorInteraction.objects.filter(member=user).delete()
    Conversation.objects.filter(member=user).delete()
    ApiToken.objects.filter(member=user).delete()
