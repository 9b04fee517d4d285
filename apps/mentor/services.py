"""Writes of the mentor: conversations, interactions, feedback and API tokens."""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from apps.core.mentor import MemberTrack, MentorItem
from apps.mentor import analysis, backends
from apps.mentor.backends import BackendError, BackendReply, ChatRequest
from apps.mentor.content import (
    content_can_act_on,
    context_get,
    member_profile,
    member_track,
    retrieve,
    suggestions_for,
)
from apps.mentor.intents import intent_of
from apps.mentor.models import ApiToken, Conversation, MentorInteraction, Message

MAX_ID = 2_147_483_647
TOKEN_PREFIX = "dtm_"  # noqa: S105 - a public marker, not a secret
HISTORY_TURNS = 6


class ContextNotFound(Exception):
    """The hackathon, job, project or post named as context does not exist or is not public."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def token_create(*, member, name: str) -> tuple[ApiToken, str]:
    """A new personal API token. Returns (token row, plain token); the plain token is never
    stored and cannot be shown again."""
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(member=member, name=name, prefix=plain[:10], token_hash=token_hash(plain))
    return token, plain


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(*, plain: str) -> ApiToken | None:
    """The active token matching `plain`, with its member; records when it was last used
    (at most once a minute, so reads do not turn into writes on every call)."""
    token = (
        ApiToken.objects.select_related("member")
        .filter(token_hash=token_hash(plain), revoked_at__isnull=True, member__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def token_get_for_revoke(*, user, pk: int) -> ApiToken:
    if pk > MAX_ID:
        raise Http404
    token = ApiToken.objects.filter(pk=pk, member=user).first()
    if token is None:
        raise Http404("No such token.")
    return token


def conversation_get_for_member(*, user, pk: int) -> Conversation:
    """The member's own conversation; anyone else's (or a missing one) is a 404."""
    if pk > MAX_ID:
        raise Http404
    conversation = Conversation.objects.filter(pk=pk, member=user).first()
    if conversation is None:
        raise Http404("No such conversation.")
    return conversation


def interaction_get_for_feedback(*, user, pk: int) -> MentorInteraction:
    if pk > MAX_ID:
        raise Http404
    interaction = MentorInteraction.objects.filter(pk=pk, member=user).first()
    if interaction is None:
        raise Http404("No such interaction.")
    return interaction


@dataclass(frozen=True)
class ChatResult:
    conversation: Conversation
    interaction: MentorInteraction
    reply: BackendReply
    sources: list[dict[str, str]]


def _elapsed_ms(started: float) -> int:
    return max(0, int((time.monotonic() - started) * 1000))


def chat_request_build(
    *,
    member,
    message: str,
    context_item: MentorItem | None = None,
    history: list[tuple[str, str]] | None = None,
) -> ChatRequest:
    """What a backend is given to answer `message`: the member's profile, the intent, and the
    site content that grounds the answer (what the member can act on now, at their level)."""
    profile = member_profile(member)
    intent = intent_of(message, context_kind=context_item.kind if context_item else "")
    retrieved = retrieve(
        message=message, intent=intent, profile=profile, extra=context_item.title if context_item else ""
    )
    return ChatRequest(
        message=message,
        profile=profile,
        context=context_item,
        retrieved=retrieved,
        history=history or [],
        intent=intent,
        context_actionable=bool(
            context_item and content_can_act_on(kind=context_item.kind, pk=context_item.pk)
        ),
    )


def conversation_ask(
    *,
    member,
    message: str,
    conversation: Conversation | None = None,
    context: tuple[str, int] | None = None,
) -> ChatResult:
    """Ask the mentor `message`, in `conversation` (a new one when None), optionally about a
    piece of site content. The backend is called outside any transaction: an LLM may take
    seconds, and no database lock is held meanwhile.

    A `context` the member names must be public (ContextNotFound otherwise). One the
    conversation inherited may have been unpublished since: the mentor then answers without it
    rather than refusing to continue the conversation."""
    context_item = None
    if context is not None:
        context_item = context_get(member=member, kind=context[0], pk=context[1])
        if context_item is None:
            raise ContextNotFound(f"No public {context[0]} has the id {context[1]}.")
    elif conversation is not None and conversation.context_type:
        context_item = context_get(member=member, kind=conversation.context_type, pk=conversation.context_id)
        if context_item is not None:
            context = (conversation.context_type, conversation.context_id)
    history: list[tuple[str, str]] = []
    if conversation is not None:
        recent = list(conversation.messages.order_by("-created_at", "-pk")[:HISTORY_TURNS])
        history = [(m.role, m.content) for m in reversed(recent)]
    request = chat_request_build(member=member, message=message, context_item=context_item, history=history)
    started = time.monotonic()
    reply = backends.chat(request)
    latency = _elapsed_ms(started)
    return _conversation_record(
        member=member,
        conversation=conversation,
        context=context,
        request=request,
        reply=reply,
        latency=latency,
    )


@transaction.atomic
def _conversation_record(
    *, member, conversation, context, request: ChatRequest, reply: BackendReply, latency: int
):
    if conversation is None:
        title = " ".join(request.message.split())
        conversation = Conversation.objects.create(
            member=member,
            title=(title[:117] + "…") if len(title) > 120 else title,
            context_type=context[0] if context else "",
            context_id=context[1] if context else None,
        )
    sources = request.sources
    interaction = MentorInteraction.objects.create(
        member=member,
        kind=MentorInteraction.Kind.CHAT,
        conversation=conversation,
        context={"type": context[0], "id": context[1]} if context else {},
        prompt=request.message,
        reply=reply.text,
        backend=reply.backend,
        latency_ms=latency,
    )
    Message.objects.bulk_create(
        [
            Message(conversation=conversation, role=Message.Role.MEMBER, content=request.message),
            Message(
                conversation=conversation,
                role=Message.Role.MENTOR,
                content=reply.text,
                sources=sources,
                backend=reply.backend,
                interaction=interaction,
            ),
        ]
    )
    conversation.message_count += 2
    conversation.save(update_fields=["message_count", "updated_at"])
    return ChatResult(conversation=conversation, interaction=interaction, reply=reply, sources=sources)


@transaction.atomic
def conversation_rename(*, conversation: Conversation, title: str) -> Conversation:
    conversation.title = title
    conversation.save(update_fields=["title", "updated_at"])
    return conversation


@transaction.atomic
def conversation_delete(*, conversation: Conversation) -> None:
    conversation.delete()


@dataclass(frozen=True)
class CodeResult:
    interaction: MentorInteraction
    language: str
    summary: str
    backend: str
    findings: list[analysis.Finding]
    items: list[analysis.ExplainItem]


REVIEW_PROMPT = (
    "You review code for a learner. Reply with a short summary, then one finding per line in "
    "the form `LINE | SEVERITY (error, warning or info) | RULE | MESSAGE`. Teach: say why a "
    "finding matters and hint at the fix rather than rewriting the code."
)
EXPLAIN_PROMPT = (
    "Explain this code to a learner in plain sentences: what it defines, what each part does, "
    "and its control flow. End with one question that checks their understanding."
)


def _parse_llm_findings(text: str) -> tuple[str, list[analysis.Finding]]:
    summary_lines, findings = [], []
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("`").split("|")]
        if len(cells) == 4 and cells[0].isdigit() and cells[1].lower() in {"error", "warning", "info"}:
            findings.append(
                analysis.Finding(int(cells[0]), cells[1].lower(), cells[2][:40] or "llm", cells[3][:300])
            )
        elif line.strip():
            summary_lines.append(line.strip())
    return " ".join(summary_lines)[:2000] or "Reviewed.", findings


def _needs_llm(language: str, exc: BackendError) -> str:
    return (
        f"The offline mentor can only analyse Python; reviewing {language} needs the LLM backend "
        f"(MENTOR_BACKEND=openai), which is not available right now ({exc})."
    )


def code_review(*, member, code: str, language: str) -> CodeResult:
    """Python: ruff plus structure checks, offline. Other languages: the LLM backend."""
    started = time.monotonic()
    findings: list[analysis.Finding] = []
    backend = "local"
    if language == "python":
        summary, findings = analysis.review_python(code)
    else:
        try:
            text = backends.complete(system=REVIEW_PROMPT, user=f"Language: {language}\n\n{code}")
            summary, findings = _parse_llm_findings(text)
            backend = "openai"
        except BackendError as exc:
            summary = _needs_llm(language, exc)
    reply = summary + "".join(f"\n{f.line}: [{f.severity}] {f.rule} {f.message}" for f in findings)
    interaction = _interaction_record(
        member=member, kind=MentorInteraction.Kind.CODE_REVIEW, language=language, prompt=code,
        reply=reply, backend=backend, started=started,
    )  # fmt: skip
    return CodeResult(interaction, language, summary, backend, findings, [])


def code_explain(*, member, code: str, language: str) -> CodeResult:
    """Python: a walk through the AST in plain sentences, offline. Others: the LLM backend."""
    started = time.monotonic()
    items: list[analysis.ExplainItem] = []
    backend = "local"
    if language == "python":
        summary, items = analysis.explain_python(code)
    else:
        try:
            summary = backends.complete(system=EXPLAIN_PROMPT, user=f"Language: {language}\n\n{code}")[:4000]
            backend = "openai"
        except BackendError as exc:
            summary = _needs_llm(language, exc).replace("reviewing", "explaining")
    reply = summary + "".join(f"\n{i.line}: {i.text}" for i in items)
    interaction = _interaction_record(
        member=member, kind=MentorInteraction.Kind.EXPLAIN, language=language, prompt=code,
        reply=reply, backend=backend, started=started,
    )  # fmt: skip
    return CodeResult(interaction, language, summary, backend, [], items)


@transaction.atomic
def _interaction_record(
    *, member, kind: str, language: str, prompt: str, reply: str, backend: str, started: float
):
    return MentorInteraction.objects.create(
        member=member,
        kind=kind,
        context={"language": language} if language else {},
        prompt=prompt,
        reply=reply,
        backend=backend,
        latency_ms=_elapsed_ms(started),
    )


@dataclass(frozen=True)
class SuggestionsResult:
    interaction: MentorInteraction
    items: dict[str, list[dict]]
    skipped: list[str]
    skills: tuple[str, ...]
    track: MemberTrack | None = None


def suggestions_make(*, member) -> SuggestionsResult:
    started = time.monotonic()
    track = member_track(member)
    items, skipped, skills = suggestions_for(member, track=track)
    reply = "\n".join(
        f"{kind}: {', '.join(i['title'] for i in rows)}" for kind, rows in items.items() if rows
    )
    interaction = _interaction_record(
        member=member, kind=MentorInteraction.Kind.SUGGESTIONS, language="", prompt="suggestions",
        reply=reply or "nothing to suggest yet", backend="local", started=started,
    )  # fmt: skip
    return SuggestionsResult(interaction, items, skipped, skills, track)


@transaction.atomic
def interaction_feedback_set(
    *, interaction: MentorInteraction, helpful: bool, comment: str = ""
) -> MentorInteraction:
    interaction.helpful = helpful
    interaction.feedback_comment = comment
    interaction.save(update_fields=["helpful", "feedback_comment"])
    return interaction
