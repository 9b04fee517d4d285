"""Courses as files: reading them, importing them idempotently, versioning exercises, and the
shipped content itself (every reference solution passes, every starter code fails)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from apps.learning.content_files import ContentError, read_all, read_course
from apps.learning.models import Attempt, Course, Exercise, ExerciseVersion, Lesson
from apps.learning.sandbox import run_exercise, runner_source, sandbox_available
from apps.learning.services import courses_import, submission_tests
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

SHIPPED = Path(settings.BASE_DIR) / "content" / "courses"


@pytest.fixture
def content(tmp_path, settings) -> Path:
    """A copy of the shipped courses that a test may change."""
    root = tmp_path / "courses"
    shutil.copytree(SHIPPED, root)
    settings.LEARNING_CONTENT_DIR = root
    return root


def test_shipped_beginner_course_is_complete():
    course = next(c for c in read_all(SHIPPED) if c.slug == "python-foundations")
    items = [item for module in course.modules for item in module.items]
    assert len(course.modules) >= 3
    assert sum(1 for i in items if hasattr(i, "body")) >= 10
    exercises = [i for i in items if hasattr(i, "solution")]
    assert len(exercises) >= 8
    assert all(e.visible_tests.count("def test_") >= 2 and e.hints for e in exercises)


def test_second_course_is_shorter_and_tagged_for_tracks():
    courses = {c.slug: c for c in read_all(SHIPPED)}
    second = courses["data-from-signup-sheets"]
    assert sum(len(m.items) for m in second.modules) < sum(
        len(m.items) for m in courses["python-foundations"].modules
    )
    assert second.tracks and second.difficulty == "intermediate"


def test_import_twice_changes_nothing_the_second_time(content):
    call_command("import_courses", verbosity=0)
    counts = (
        Course.objects.count(),
        Lesson.objects.count(),
        Exercise.objects.count(),
        ExerciseVersion.objects.count(),
    )
    report = courses_import(courses=read_all(content))
    assert not report.changed
    assert counts == (
        Course.objects.count(),
        Lesson.objects.count(),
        Exercise.objects.count(),
        ExerciseVersion.objects.count(),
    )
    assert Course.objects.get(slug="python-foundations").lesson_count == 10


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_changed_exercise_gets_a_new_version_and_attempts_keep_theirs(content):
    courses_import(courses=read_all(content))
    exercise = Exercise.objects.get(slug="greet-attendee")
    first = exercise.current_version
    attempt = Attempt.objects.create(user=UserFactory(), exercise=exercise, version=first, code="x = 1\n")
    _edit(
        content / "python-foundations/first-steps/04-greet-attendee.md",
        "Welcome to OTEI, Ada!",
        "Welcome to OTEI 2027, Ada!",
    )
    report = courses_import(courses=read_all(content))
    exercise.refresh_from_db()
    assert report.new_versions == ["python-foundations/first-steps/greet-attendee v2"]
    assert exercise.current_version.number == 2 and exercise.current_version != first
    assert "2027" in exercise.current_version.instructions
    attempt.refresh_from_db()
    assert attempt.version == first


def test_lesson_text_change_updates_in_place_without_versions(content):
    courses_import(courses=read_all(content))
    versions = ExerciseVersion.objects.count()
    _edit(
        content / "python-foundations/first-steps/01-welcome.md",
        "Python is the language",
        "Python is a language",
    )
    report = courses_import(courses=read_all(content))
    assert report.updated == ["python-foundations/first-steps/welcome"]
    assert "Python is a language" in Lesson.objects.get(slug="welcome").body
    assert ExerciseVersion.objects.count() == versions


def test_exercise_removed_from_files_is_kept_out_of_requirements_when_attempted(content):
    courses_import(courses=read_all(content))
    exercise = Exercise.objects.get(slug="form-teams")
    Attempt.objects.create(user=UserFactory(), exercise=exercise, version=exercise.current_version, code="x")
    _edit(content / "python-foundations/course.toml", '"06-form-teams.md", ', "")
    report = courses_import(courses=read_all(content))
    exercise.refresh_from_db()
    assert report.kept == ["python-foundations/organising-data/form-teams"]
    assert exercise.required is False
    assert Course.objects.get(slug="python-foundations").exercise_count == 7


def test_broken_file_is_named_in_the_error(content):
    (content / "python-foundations/first-steps/01-welcome.md").write_text("no front matter\n")
    with pytest.raises(ContentError, match=r"01-welcome\.md: the file must start with"):
        read_course(content / "python-foundations")
    with pytest.raises(CommandError, match=r"01-welcome\.md"):
        call_command("import_courses", verbosity=0)


def test_exercise_without_tests_is_refused(content):
    path = content / "python-foundations/first-steps/05-format-naira.md"
    text = path.read_text()
    path.write_text(text[: text.index("# --tests--")] + text[text.index("# --hidden-tests--") :])
    with pytest.raises(ContentError, match="--tests-- is missing"):
        read_course(content / "python-foundations")


def _shipped_exercises():
    return [
        pytest.param(exercise, id=f"{course.slug}/{exercise.slug}")
        for course in read_all(SHIPPED)
        for module in course.modules
        for exercise in module.items
        if hasattr(exercise, "solution")
    ]


class _Version:
    def __init__(self, exercise):
        self.visible_tests, self.hidden_tests = exercise.visible_tests, exercise.hidden_tests


def _check(solution: str, tests: str) -> tuple[str, str, list[str]]:
    """(verdict, summary, test names) from the real sandbox; where it cannot run here, from the
    same runner in this process. Only the course's own reference and starter code is run that
    way, never a learner's."""
    available, _why = sandbox_available()
    if available:
        result = run_exercise(solution=solution, tests=tests)
        return result.verdict, result.summary, [t.name for t in result.tests]
    namespace = {"__name__": "exercise_runner"}
    exec(compile(runner_source(), "runner.py", "exec"), namespace)  # noqa: S102 - our own runner
    result = json.loads(namespace["run_in_browser"](solution, tests))
    return result["verdict"], result["summary"], [t["name"] for t in result["tests"]]


@pytest.mark.parametrize("exercise", _shipped_exercises())
def test_reference_solution_passes_and_starter_code_fails(exercise):
    tests = submission_tests(_Version(exercise))
    verdict, summary, names = _check(exercise.solution, tests)
    assert verdict == "passed", summary
    assert len(names) >= 3
    verdict, summary, names = _check(exercise.starter_code, tests)
    assert verdict == "failed", summary
    assert all(names)
