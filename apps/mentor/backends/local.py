"""The offline mentor: retrieval over DiceyTech's own content, the member's profile and
templated guidance that teaches (hints and questions before answers, like CS50's duck)."""

from __future__ import annotations

import re

from apps.core.mentor import MentorItem
from apps.mentor.backends import BackendReply, ChatRequest

_INTENTS: list[tuple[str, re.Pattern[str]]] = [
    (
        "debug",
        re.compile(
            r"(error|exception|traceback|crash|\bbugs?\b|\bfails?\b|failing|broken|doesn'?t work|not working)"
        ),
    ),
    ("code", re.compile(r"```|\bdef |\bfunction\b|\bclass \b|\breview\b")),
    ("hackathon", re.compile(r"\b(hackathons?|teams?|teammates?|submission|submit|judg\w*|pitch|demo)\b")),
    ("career", re.compile(r"\b(jobs?|apply|application|cv|resume|interview\w*|career|hiring|salary)\b")),
    (
        "learn",
        re.compile(r"\b(learn\w*|start\w*|begin\w*|understand|what is|what are|how do|how to|explain)\b"),
    ),
]

_GUIDANCE = {
    "debug": (
        "Let's find it together rather than me guessing:\n\n"
        "1. What does the error say, exactly? Read its **last line** first, then the line of "
        "your own code nearest to it in the traceback.\n"
        "2. What did you expect to happen, and what happened instead?\n"
        "3. Can you shrink it to the smallest piece of code that still fails?\n\n"
        "Then explain that small piece to me line by line, as if I were a rubber duck. Bugs "
        "often show themselves when you say out loud what each line does."
    ),
    "code": (
        "Paste the code into the **code review** panel (or the `code-review` API) for a line-by-"
        "line check, or into **explain** to have it walked through. Before that, try to say in "
        "one sentence what the code should do: which line is the first one you are unsure about?"
    ),
    "hackathon": (
        "A few questions to plan with:\n\n"
        "1. What problem will your team solve, in one sentence, and for whom?\n"
        "2. What is the smallest demo that shows it working? Build that first, polish later.\n"
        "3. Who on the team does what? Split by skills, and agree on how you share code.\n\n"
        "Read the judging criteria early: they tell you what to spend your hours on."
    ),
    "career": (
        "Before you apply, try this:\n\n"
        "1. Underline the skills the job asks for. Which can you show with a project or repo?\n"
        "2. For each gap, what is one small thing you could build this week to close it?\n"
        "3. Write two sentences on why this role, in your own words: you will need them in the "
        "interview anyway."
    ),
    "learn": (
        "A good way to learn this: start from a tiny working example, change one thing, and "
        "predict what will happen before you run it. What is the smallest example you could "
        "write right now? Tell me what you expect it to do, and we can compare notes."
    ),
    "general": (
        "Tell me a bit more: what are you trying to do, what have you tried so far, and where "
        "did you get stuck? I'll point you the right way rather than hand you an answer."
    ),
}


def intent_of(message: str) -> str:
    lowered = message.lower()
    for name, pattern in _INTENTS:
        if pattern.search(lowered):
            return name
    return "general"


def _skills_line(item: MentorItem, member_skills: tuple[str, ...]) -> str:
    if not item.skills:
        return ""
    known = {s.casefold() for s in member_skills}
    have = [s for s in item.skills if s.casefold() in known]
    new = [s for s in item.skills if s.casefold() not in known]
    line = f"It involves {', '.join(item.skills)}."
    if have:
        line += f" You already list {', '.join(have)} on your profile: that is where you can lead."
    if new:
        line += f" {', '.join(new)} would be new to you: what could you read or try before you start?"
    return line


def _excerpt(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def chat(request: ChatRequest) -> BackendReply:
    parts: list[str] = []
    name = request.profile.name or request.profile.handle
    if request.context:
        item = request.context
        parts.append(f"You're asking about the {item.kind} **{item.title}**, {name}.")
        if item.text:
            parts.append(f"> {_excerpt(item.text, 240)}")
        skills = _skills_line(item, request.profile.skills)
        if skills:
            parts.append(skills)
    parts.append(_GUIDANCE[intent_of(request.message)])
    others = [
        i
        for i in request.retrieved
        if not request.context or (i.kind, i.pk) != (request.context.kind, request.context.pk)
    ]
    if others:
        lines = "\n".join(
            f"- [{item.title}]({item.url}) ({item.kind})"
            + (f": {_excerpt(item.text, 120)}" if item.text else "")
            for item in others
        )
        parts.append(f"Here is what I found on DiceyTech that may help:\n\n{lines}")
    elif not request.context:
        parts.append(
            "I didn't find anything on DiceyTech about that, and I'd rather say so than make "
            "something up. Try naming the technology or the hackathon, job or project you mean."
        )
    if request.profile.skills and not request.context:
        parts.append(f"(I kept your skills in mind: {', '.join(request.profile.skills[:6])}.)")
    return BackendReply(text="\n\n".join(parts), backend="local")
