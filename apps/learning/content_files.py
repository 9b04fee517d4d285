"""Courses as files, read into plain data (no database here).

Layout, after freeCodeCamp's challenges::

    content/courses/<course slug>/course.toml
    content/courses/<course slug>/<module slug>/<NN-item slug>.md

`course.toml` holds the course's fields and its `[[modules]]` in order, each listing its
`items` (file names in the module's folder) in order. Each item file starts with TOML front
matter between `+++` lines (`type = "lesson"` or `"exercise"`, `title`, …), then sections
headed `# --name--`:

- a lesson: `# --description--` (Markdown);
- an exercise: `# --description--` (the instructions), `# --hints--` (a `## test_name`
  heading per test with the hint shown when that test fails), `# --tests--` (a ```python
  block: visible tests, run in the browser and on the server), `# --hidden-tests--`
  (optional, run only on the server), `# --seed--` (the starter code) and `# --solution--`
  (the reference solution).
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SECTION = re.compile(r"^# --([a-z-]+)--\s*$", re.MULTILINE)
_HINT = re.compile(r"^## +(test_\w+)\s*$", re.MULTILINE)
_CODE = re.compile(r"```(?:python|py)?\n(.*?)```", re.DOTALL)
_PREFIX = re.compile(r"^\d+-")
DIFFICULTIES = {"beginner", "intermediate", "advanced", "expert"}
CATEGORIES = {"programming", "web", "data", "mobile", "career"}


class ContentError(ValueError):
    """A content file that cannot be read: the message names the file and what is wrong."""


@dataclass
class LessonFile:
    slug: str
    title: str
    body: str
    estimated_minutes: int = 10
    video_url: str = ""
    required: bool = True


@dataclass
class ExerciseFile:
    slug: str
    title: str
    instructions: str
    starter_code: str
    visible_tests: str
    solution: str
    hidden_tests: str = ""
    hints: list[dict[str, str]] = field(default_factory=list)
    difficulty: str = "beginner"
    required: bool = True

    def content_hash(self) -> str:
        return exercise_content_hash(
            instructions=self.instructions,
            starter_code=self.starter_code,
            visible_tests=self.visible_tests,
            hidden_tests=self.hidden_tests,
            hints=self.hints,
            solution=self.solution,
        )


def exercise_content_hash(
    *, instructions: str, starter_code: str, visible_tests: str, hidden_tests: str, hints: list, solution: str
) -> str:
    """Changes exactly when what a learner reads or is checked against changes: the same for
    an exercise from files and one written on the site."""
    payload = json.dumps([instructions, starter_code, visible_tests, hidden_tests, hints, solution])
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class ModuleFile:
    slug: str
    title: str
    summary: str
    items: list[LessonFile | ExerciseFile]


@dataclass
class CourseFile:
    slug: str
    title: str
    summary: str
    description: str
    category: str
    difficulty: str
    estimated_minutes: int
    tracks: list[str]
    instructor_name: str
    published: bool
    modules: list[ModuleFile]


def content_root() -> Path:
    return Path(settings.LEARNING_CONTENT_DIR)


def _sections(text: str, where: Path) -> dict[str, str]:
    parts = _SECTION.split(text)
    found = {}
    for name, body in zip(parts[1::2], parts[2::2], strict=True):
        if name in found:
            raise ContentError(f"{where}: the section --{name}-- appears twice.")
        found[name] = body.strip()
    return found


def _code(section: str, name: str, where: Path, *, required: bool = True) -> str:
    match = _CODE.search(section)
    if match is None:
        if required:
            raise ContentError(f"{where}: --{name}-- needs a ```python code block.")
        return ""
    return match.group(1).rstrip() + "\n"


def _hints(section: str, where: Path) -> list[dict[str, str]]:
    parts = _HINT.split(section)
    if parts[0].strip():
        raise ContentError(f"{where}: each hint goes under a '## test_name' heading.")
    return [{"test": name, "hint": body.strip()} for name, body in zip(parts[1::2], parts[2::2], strict=True)]


def _front_matter(text: str, where: Path) -> tuple[dict, str]:
    if not text.startswith("+++\n"):
        raise ContentError(f"{where}: the file must start with '+++' front matter.")
    end = text.find("\n+++", 4)
    if end == -1:
        raise ContentError(f"{where}: the front matter is not closed with '+++'.")
    try:
        meta = tomllib.loads(text[4:end])
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(f"{where}: front matter: {exc}") from exc
    return meta, text[end + 4 :]


def _slug(value: str, where: Path) -> str:
    if not SLUG.match(value or ""):
        raise ContentError(f"{where}: {value!r} is not a slug (lower-case letters, digits and hyphens).")
    return value


def read_item(path: Path) -> LessonFile | ExerciseFile:
    meta, rest = _front_matter(path.read_text(encoding="utf-8"), path)
    sections = _sections(rest, path)
    slug = _slug(meta.get("slug") or _PREFIX.sub("", path.stem), path)
    title = str(meta.get("title") or "").strip()
    if not title:
        raise ContentError(f"{path}: the front matter needs a title.")
    if "description" not in sections:
        raise ContentError(f"{path}: --description-- is missing.")
    kind = meta.get("type")
    if kind == "lesson":
        return LessonFile(
            slug=slug,
            title=title,
            body=sections["description"],
            estimated_minutes=int(meta.get("estimated_minutes", 10)),
            video_url=str(meta.get("video", "")),
            required=bool(meta.get("required", True)),
        )
    if kind != "exercise":
        raise ContentError(f"{path}: type must be 'lesson' or 'exercise'.")
    for name in ("tests", "seed", "solution"):
        if name not in sections:
            raise ContentError(f"{path}: --{name}-- is missing.")
    difficulty = meta.get("difficulty", "beginner")
    if difficulty not in DIFFICULTIES:
        raise ContentError(f"{path}: difficulty must be one of {sorted(DIFFICULTIES)}.")
    return ExerciseFile(
        slug=slug,
        title=title,
        instructions=sections["description"],
        starter_code=_code(sections["seed"], "seed", path),
        visible_tests=_code(sections["tests"], "tests", path),
        hidden_tests=_code(sections.get("hidden-tests", ""), "hidden-tests", path, required=False),
        solution=_code(sections["solution"], "solution", path),
        hints=_hints(sections.get("hints", ""), path),
        difficulty=difficulty,
        required=bool(meta.get("required", True)),
    )


def read_course(folder: Path) -> CourseFile:
    path = folder / "course.toml"
    try:
        meta = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ContentError(f"{path}: {exc}") from exc
    modules = []
    seen: set[str] = set()
    for entry in meta.get("modules", []):
        module_slug = _slug(entry.get("slug", ""), path)
        items = [read_item(folder / module_slug / name) for name in entry.get("items", [])]
        for item in items:
            if item.slug in seen:
                raise ContentError(f"{path}: two items are called {item.slug!r}.")
            seen.add(item.slug)
        modules.append(ModuleFile(module_slug, entry["title"], entry.get("summary", ""), items))
    if not modules:
        raise ContentError(f"{path}: a course needs at least one [[modules]] entry.")
    category, difficulty = meta.get("category", "programming"), meta.get("difficulty", "beginner")
    if category not in CATEGORIES or difficulty not in DIFFICULTIES:
        raise ContentError(f"{path}: unknown category {category!r} or difficulty {difficulty!r}.")
    return CourseFile(
        slug=_slug(folder.name, path),
        title=meta["title"],
        summary=meta["summary"],
        description=meta.get("description", ""),
        category=category,
        difficulty=difficulty,
        estimated_minutes=int(meta.get("estimated_minutes", 60)),
        tracks=list(meta.get("tracks", [])),
        instructor_name=meta.get("instructor", ""),
        published=bool(meta.get("published", True)),
        modules=modules,
    )


def read_all(root: Path | None = None) -> list[CourseFile]:
    root = root or content_root()
    return [read_course(folder) for folder in sorted(root.iterdir()) if (folder / "course.toml").is_file()]
