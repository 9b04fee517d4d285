"""The mentor's brains. `local` answers offline from the site's own content; `openai` asks any
OpenAI-compatible chat endpoint and falls back to `local` when it fails or is too slow."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace

from django.conf import settings

from apps.core.mentor import MemberProfile, MentorItem

logger = logging.getLogger(__name__)


class BackendError(Exception):
    """The backend did not produce an answer (network error, timeout, bad response)."""


@dataclass(frozen=True)
class ChatRequest:
    message: str
    profile: MemberProfile
    context: MentorItem | None = None
    retrieved: list[MentorItem] = field(default_factory=list)
    # Earlier turns of the conversation, oldest first: ("member" | "mentor", text).
    history: list[tuple[str, str]] = field(default_factory=list)
    # What the member asks for (apps.mentor.intents); empty: the local brain works it out.
    intent: str = ""
    # Whether the member can act on the context now (join the hackathon, apply to the job).
    context_actionable: bool = True

    @property
    def sources(self) -> list[dict[str, str]]:
        items = ([self.context] if self.context else []) + list(self.retrieved)
        seen: dict[tuple[str, int], dict[str, str]] = {}
        for item in items:
            seen.setdefault((item.kind, item.pk), item.as_source())
        return list(seen.values())


@dataclass(frozen=True)
class BackendReply:
    text: str
    backend: str
    # Set when the configured backend failed and `local` answered instead.
    fallback_from: str = ""


def configured_backend() -> str:
    return "openai" if getattr(settings, "MENTOR_BACKEND", "local") == "openai" else "local"


def chat(request: ChatRequest) -> BackendReply:
    """Answer with the configured backend; on failure the local one answers and says so."""
    from apps.mentor.backends import local, openai

    if configured_backend() == "openai":
        try:
            return BackendReply(text=openai.chat(request), backend="openai")
        except BackendError as exc:
            logger.warning("mentor: openai backend failed, answering locally: %s", exc)
            reply = local.chat(request)
            note = (
                "\n\n_The AI model could not answer just now, so the offline mentor (local) answered "
                "from DiceyTech's own content._"
            )
            return replace(reply, text=reply.text + note, fallback_from="openai")
    return local.chat(request)


def complete(*, system: str, user: str) -> str:
    """One free-form completion from the LLM backend (code review and explanations of
    languages the offline mentor cannot parse). Raises BackendError when it is not configured
    or fails."""
    from apps.mentor.backends import openai

    if configured_backend() != "openai":
        raise BackendError("no LLM backend is configured (MENTOR_BACKEND=local)")
    return openai.complete(
        messages=[{"role": "system", "content": system}, {"role": "user", "content": user}]
    )
