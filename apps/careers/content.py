"""Quiz content files (content/careers/quiz-v<N>.toml): reading and checking one, before
services.quiz_import writes it. The format is described at the top of content/careers/quiz-v1.toml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from apps.careers.scoring import CATEGORY_SLUGS, CHOICE, LIKERT
from apps.careers.tracks import TRACK_SLUGS

MAX_ITEMS = 200


@dataclass(frozen=True)
class ItemData:
    key: str
    category: str
    kind: str
    track: str
    text: str
    reverse: bool = False
    other_track: str = ""
    other_text: str = ""


@dataclass(frozen=True)
class QuizData:
    number: int
    title: str
    intro: str
    items: tuple[ItemData, ...]


def quiz_read(path: Path) -> QuizData:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(f"{path}: cannot read it as TOML ({exc}).") from exc
    return quiz_parse(raw)


def quiz_parse(raw: dict) -> QuizData:
    """The checked content of a parsed quiz file; ValidationError listing every problem."""
    problems: list[str] = []
    number = raw.get("version")
    if not isinstance(number, int) or not 1 <= number <= 32767:
        problems.append("`version` must be a whole number from 1.")
    title = raw.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 120:
        problems.append("`title` must be text of at most 120 characters.")
    intro = raw.get("intro", "")
    if not isinstance(intro, str) or len(intro) > 1000:
        problems.append("`intro` must be text of at most 1000 characters.")
    entries = raw.get("items")
    if not isinstance(entries, list) or not entries:
        problems.append("`items` must list the quiz's items.")
        entries = []
    if len(entries) > MAX_ITEMS:
        problems.append(f"A quiz has at most {MAX_ITEMS} items.")
        entries = []
    items: list[ItemData] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        item, errors = _item(entry, n)
        problems.extend(errors)
        if item is not None:
            if item.key in seen:
                problems.append(f"Item {n}: the key {item.key!r} is used twice.")
            seen.add(item.key)
            items.append(item)
    if not problems:
        problems.extend(_coverage(items))
    if problems:
        raise ValidationError(problems)
    return QuizData(number=number, title=title.strip(), intro=intro.strip(), items=tuple(items))


def _item(entry: object, n: int) -> tuple[ItemData | None, list[str]]:
    if not isinstance(entry, dict):
        return None, [f"Item {n} is not a table."]
    errors: list[str] = []
    key = entry.get("key")
    if (
        not isinstance(key, str)
        or not key
        or len(key) > 60
        or not key.replace("-", "").replace("_", "").isalnum()
    ):
        errors.append(f"Item {n}: `key` must be letters, digits and dashes (at most 60).")
    if entry.get("category") not in CATEGORY_SLUGS:
        errors.append(f"Item {n}: `category` must be one of {', '.join(CATEGORY_SLUGS)}.")
    kind = entry.get("kind", LIKERT)
    if kind not in (LIKERT, CHOICE):
        errors.append(f"Item {n}: `kind` must be likert or choice.")
    if entry.get("track") not in TRACK_SLUGS:
        errors.append(f"Item {n}: `track` must be one of {', '.join(TRACK_SLUGS)}.")
    for field in ("text", *(("other_text",) if kind == CHOICE else ())):
        value = entry.get(field)
        if not isinstance(value, str) or not value.strip() or len(value) > 200:
            errors.append(f"Item {n}: `{field}` must be text of at most 200 characters.")
    if kind == CHOICE:
        if entry.get("other_track") not in TRACK_SLUGS or entry.get("other_track") == entry.get("track"):
            errors.append(f"Item {n}: a choice's `other_track` must be another track.")
        if entry.get("reverse"):
            errors.append(f"Item {n}: a choice cannot be reverse-worded.")
    if not isinstance(entry.get("reverse", False), bool):
        errors.append(f"Item {n}: `reverse` must be true or false.")
    if errors:
        return None, errors
    return (
        ItemData(
            key=key,
            category=entry["category"],
            kind=kind,
            track=entry["track"],
            text=entry["text"].strip(),
            reverse=entry.get("reverse", False),
            other_track=entry.get("other_track", "") if kind == CHOICE else "",
            other_text=entry.get("other_text", "").strip() if kind == CHOICE else "",
        ),
        [],
    )


def _coverage(items: list[ItemData]) -> list[str]:
    """The issue's rule for a fair quiz: at least two Likert items per track and category."""
    counts: dict[tuple[str, str], int] = {}
    for item in items:
        if item.kind == LIKERT:
            counts[item.track, item.category] = counts.get((item.track, item.category), 0) + 1
    return [
        f"Track {track} needs at least two Likert items in {category} (has {counts.get((track, category), 0)})."
        for track in TRACK_SLUGS
        for category in CATEGORY_SLUGS
        if counts.get((track, category), 0) < 2
    ]
