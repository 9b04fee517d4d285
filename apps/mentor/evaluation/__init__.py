"""The mentor's evaluation: realistic questions from members with different profiles, each
with what a good answer must and must not contain, scored against a small fixed world of
content (questions.toml). `manage.py mentor_eval` runs it; the README states the offline
mentor's score and CI holds it to a floor.

It is a development set: change the mentor to answer members better, not to match strings.
Every answer is also checked for what no answer may do: show Markdown source once rendered
(`##`, backticks, `**`), or repeat the question back.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.html import strip_tags

from apps.core.discovery import app_modules
from apps.core.markdown import render_markdown
from apps.core.mentor import MentorContent, MentorProfiles
from apps.mentor.backends import BackendError, ChatRequest
from apps.mentor.content import content_get
from apps.mentor.intents import intent_of

QUESTIONS = Path(__file__).with_name("questions.toml")
# What a reader must never see once the reply is rendered: Markdown that did not render.
RAW_MARKDOWN = ("##", "`", "**", "](")


@dataclass(frozen=True)
class Question:
    id: str
    profile: str
    intent: str
    text: str
    must: tuple[str, ...] = ()
    must_any: tuple[str, ...] = ()
    must_not: tuple[str, ...] = ()
    context: str = ""


@dataclass
class Outcome:
    question: Question
    backend: str
    passed: bool
    intent_found: str = ""
    problems: list[str] = field(default_factory=list)
    reply: str = ""


def load(path: Path = QUESTIONS) -> tuple[dict, dict[str, dict], list[Question]]:
    """(world, profiles by name, questions) from the questions file."""
    data = tomllib.loads(path.read_text())
    questions = [
        Question(
            id=q["id"],
            profile=q["profile"],
            intent=q["intent"],
            text=q["question"],
            must=tuple(q.get("must", ())),
            must_any=tuple(q.get("must_any", ())),
            must_not=tuple(q.get("must_not", ())),
            context=q.get("context", ""),
        )
        for q in data["questions"]
    ]
    return data["world"], data["profiles"], questions


def build_world(
    world: dict, profiles: dict[str, dict]
) -> tuple[dict[str, object], dict[str, tuple[str, int]]]:
    """Make the world's rows through each app's mentor.py. Returns (member by profile name,
    (kind, pk) by world key)."""
    sources = {
        content.kind: content
        for _label, module in app_modules("mentor")
        if isinstance(content := getattr(module, "CONTENT", None), MentorContent)
    }
    people = next(module for _label, module in app_modules("mentor") if isinstance(module, MentorProfiles))
    keys: dict[str, tuple[str, int]] = {}
    for kind, entries in world.items():
        source = sources[kind]
        for entry in entries:
            row = source.sample(entry)
            if "key" in entry:
                keys[entry["key"]] = (kind, row.pk)
    members = {
        name: people.mentor_sample_member(spec={"handle": f"eval_{name}", **spec})
        for name, spec in profiles.items()
    }
    return members, keys


def _visible(reply: str) -> str:
    """What a reader sees of the reply on the page: rendered, tags stripped."""
    return " ".join(strip_tags(render_markdown(reply)).split())


def check(question: Question, reply: str, *, intent_found: str) -> list[str]:
    """What is wrong with `reply` as an answer to `question` (nothing: it passes)."""
    problems = []
    visible = _visible(reply)
    lowered = f"{visible} {reply}".lower()
    problems += [f"missing {m!r}" for m in question.must if m.lower() not in lowered]
    if question.must_any and not any(m.lower() in lowered for m in question.must_any):
        problems.append(f"none of {list(question.must_any)!r}")
    problems += [f"contains {m!r}" for m in question.must_not if m.lower() in visible.lower()]
    problems += [f"shows raw Markdown {m!r}" for m in RAW_MARKDOWN if m in visible]
    if len(question.text) > 25 and question.text.lower() in visible.lower():
        problems.append("repeats the question")
    if intent_found and intent_found != question.intent:
        problems.append(f"understood as {intent_found}, not {question.intent}")
    return problems


def run(
    backends: dict[str, Callable[[ChatRequest], str]],
    *,
    build_request: Callable[..., ChatRequest],
    path: Path = QUESTIONS,
) -> list[Outcome]:
    """Ask every question with every backend in a world built inside a transaction that is
    rolled back: nothing it makes is left behind."""
    world, profiles, questions = load(path)
    outcomes: list[Outcome] = []
    with transaction.atomic():
        members, keys = build_world(world, profiles)
        for question in questions:
            context_item = None
            if question.context:
                kind, pk = keys[question.context]
                context_item = content_get(kind=kind, pk=pk)
            request = build_request(
                member=members[question.profile], message=question.text, context_item=context_item
            )
            found = intent_of(question.text, context_kind=context_item.kind if context_item else "")
            for name, answer in backends.items():
                try:
                    reply = answer(request)
                except BackendError as exc:
                    outcomes.append(Outcome(question, name, False, found, [f"backend failed: {exc}"]))
                    continue
                problems = check(question, reply, intent_found=found if name == "local" else "")
                outcomes.append(Outcome(question, name, not problems, found, problems, reply))
        transaction.set_rollback(True)
    return outcomes


def table(outcomes: list[Outcome]) -> list[tuple[str, ...]]:
    """Rows of (intent, questions, then "passed/total (pct%)" per backend), then the overall row."""
    backends = list(dict.fromkeys(o.backend for o in outcomes))
    intents = list(dict.fromkeys(o.question.intent for o in outcomes))
    rows = [("intent", "questions", *backends)]
    for intent in [*intents, "overall"]:
        cells = []
        count = 0
        for backend in backends:
            mine = [o for o in outcomes if o.backend == backend and intent in {o.question.intent, "overall"}]
            count = len(mine)
            passed = sum(o.passed for o in mine)
            cells.append(f"{passed}/{count} ({100 * passed // max(count, 1)}%)")
        rows.append((intent, str(count), *cells))
    return rows


def pass_rate(outcomes: list[Outcome], backend: str) -> float:
    mine = [o for o in outcomes if o.backend == backend]
    return sum(o.passed for o in mine) / len(mine) if mine else 0.0
