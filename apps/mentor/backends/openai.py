"""Any OpenAI-compatible chat-completions endpoint (MENTOR_API_BASE, MENTOR_API_KEY,
MENTOR_MODEL), prompted as a mentor that teaches and grounded with the site's content."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

from django.conf import settings

from apps.mentor.backends import BackendError, ChatRequest

SYSTEM_PROMPT = (
    "You are the DiceyTech mentor, a patient senior developer who teaches. Give hints and "
    "guiding questions before answers, in the spirit of CS50's duck: help the member find the "
    "solution themselves, and only give a full solution when they have tried and ask for it. "
    "Keep replies short and concrete. Ground what you say about DiceyTech (hackathons, jobs, "
    "projects, posts) in the site content given below and name the items you use by title; if "
    "the content does not cover the question, say so honestly instead of inventing details. The "
    "content listed is what the member can act on now and fits their level: recommend nothing "
    "else (no hackathon that has ended, no role above their level)."
)
MAX_HISTORY = 6


def grounding(request: ChatRequest) -> str:
    """The member's profile and the retrieved site content, as a message for the model."""
    profile = request.profile
    lines = [
        f"Member: @{profile.handle} ({profile.name}).",
        f"Skills on their profile: {', '.join(profile.skills) or 'none listed'}.",
        f"Level they set: {profile.level or 'not set'}; about {profile.years} years of work experience"
        + ("; studying now." if profile.student else "."),
    ]
    if profile.about:
        lines.append(f"About them: {profile.about}")
    if request.context:
        item = request.context
        lines.append(f"They are asking about this {item.kind_label.lower()}: {item.title} ({item.url}).")
        if item.skills:
            lines.append(f"Its technologies: {', '.join(item.skills)}.")
        if item.text:
            lines.append(f"Its description: {item.text}")
    if request.retrieved:
        lines.append("Site content that may be relevant:")
        for n, item in enumerate(request.retrieved, 1):
            facts = f" [{item.facts}]" if item.facts else ""
            lines.append(f"[{n}] {item.kind}: {item.title} ({item.url}){facts} {item.text[:400]}")
    else:
        lines.append("No other site content matched the question.")
    return "\n".join(lines)


def _post(payload: dict) -> dict:
    base = getattr(settings, "MENTOR_API_BASE", "").rstrip("/")
    if not base:
        raise BackendError("MENTOR_API_BASE is not set")
    data = json.dumps(payload).encode()
    http_request = urllib.request.Request(  # noqa: S310 - the URL comes from settings, not members
        f"{base}/chat/completions",
        data=data,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Authorization": f"Bearer {getattr(settings, 'MENTOR_API_KEY', '')}",
        },
    )
    timeout = float(getattr(settings, "MENTOR_TIMEOUT", 20))
    try:
        with urllib.request.urlopen(http_request, timeout=timeout) as response:  # noqa: S310
            return json.loads(response.read(1_000_000))
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError) as exc:
        raise BackendError(f"request failed: {exc}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BackendError("the response was not JSON") from exc


def complete(*, messages: list[dict[str, str]]) -> str:
    body = _post({"model": getattr(settings, "MENTOR_MODEL", ""), "messages": messages, "temperature": 0.3})
    try:
        text = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError) as exc:
        raise BackendError("the response had no message") from exc
    if not isinstance(text, str) or not text.strip():
        raise BackendError("the response was empty")
    return text.strip()


def chat(request: ChatRequest) -> str:
    messages = [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "system", "content": grounding(request)},
    ]
    for role, text in request.history[-MAX_HISTORY:]:
        messages.append({"role": "assistant" if role == "mentor" else "user", "content": text})
    messages.append({"role": "user", "content": request.message})
    return complete(messages=messages)
