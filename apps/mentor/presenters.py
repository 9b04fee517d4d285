"""The API's output, built field by field: what a client sees never depends on model changes."""

from __future__ import annotations

from datetime import datetime

from apps.mentor.models import Conversation, MentorInteraction, Message
from apps.mentor.services import ChatResult, CodeResult, SuggestionsResult


def _time(value: datetime) -> str:
    return value.isoformat()


def _context(conversation: Conversation) -> dict | None:
    if not conversation.context_type or conversation.context_id is None:
        return None
    return {"type": conversation.context_type, "id": conversation.context_id}


def conversation_summary(conversation: Conversation) -> dict:
    return {
        "id": conversation.pk,
        "title": conversation.title,
        "context": _context(conversation),
        "message_count": conversation.message_count,
        "created_at": _time(conversation.created_at),
        "updated_at": _time(conversation.updated_at),
    }


def message_out(message: Message) -> dict:
    return {
        "id": message.pk,
        "role": message.role,
        "content": message.content,
        "sources": [
            {"title": str(s.get("title", "")), "url": str(s.get("url", ""))} for s in message.sources
        ],
        "backend": message.backend or None,
        "created_at": _time(message.created_at),
    }


def conversation_detail(conversation: Conversation, messages: list[Message]) -> dict:
    return {**conversation_summary(conversation), "messages": [message_out(m) for m in messages]}


def chat_out(result: ChatResult) -> dict:
    return {
        "conversation_id": result.conversation.pk,
        "interaction_id": result.interaction.pk,
        "reply": result.reply.text,
        "sources": [{"title": s["title"], "url": s["url"]} for s in result.sources],
        "backend": result.reply.backend,
        "fallback_from": result.reply.fallback_from or None,
    }


def code_review_out(result: CodeResult) -> dict:
    return {
        "interaction_id": result.interaction.pk,
        "language": result.language,
        "backend": result.backend,
        "summary": result.summary,
        "findings": [
            {"line": f.line, "severity": f.severity, "rule": f.rule, "message": f.message}
            for f in result.findings
        ],
    }


def explain_out(result: CodeResult) -> dict:
    return {
        "interaction_id": result.interaction.pk,
        "language": result.language,
        "backend": result.backend,
        "summary": result.summary,
        "items": [{"kind": i.kind, "name": i.name, "line": i.line, "text": i.text} for i in result.items],
    }


def suggestions_out(result: SuggestionsResult) -> dict:
    return {
        "interaction_id": result.interaction.pk,
        "skills": list(result.skills),
        "career_track": (
            {
                "slug": result.track.slug,
                "name": result.track.name,
                "confidence": result.track.confidence,
                "careers": list(result.track.careers),
                "result_url": result.track.url,
            }
            if result.track
            else None
        ),
        **{kind: [dict(item) for item in items] for kind, items in result.items.items()},
        "skipped": sorted(set(result.skipped)),
    }


def feedback_out(interaction: MentorInteraction) -> dict:
    return {
        "interaction_id": interaction.pk,
        "helpful": interaction.helpful,
        "comment": interaction.feedback_comment,
    }
