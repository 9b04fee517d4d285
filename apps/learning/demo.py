"""Demo learning: the courses in content/courses/ imported, the demo member halfway through
the beginner course (and allowed to write courses), and a few members who finished it with
their certificates.

Idempotent: the import writes only what changed, and progress is only ever added."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db import transaction

from apps.learning.content_files import read_all
from apps.learning.models import Attempt, Course, Exercise, Lesson
from apps.learning.services import attempt_record, courses_import, enrollment_create, lesson_complete

DEMO_COURSE = "python-foundations"
GRADUATES = 3


def _pass(user, exercise: Exercise) -> None:
    """A passed submission of the reference solution, recorded as the sandbox reports one."""
    if Attempt.objects.filter(user=user, exercise=exercise, verdict=Attempt.Verdict.PASSED).exists():
        return
    version = exercise.current_version
    attempt = Attempt.objects.create(user=user, exercise=exercise, version=version, code=version.solution)
    names = [
        line[4:].split("(")[0] for line in version.visible_tests.splitlines() if line.startswith("def test_")
    ]
    tests = [
        {"name": n.removeprefix("test_").replace("_", " "), "status": "pass", "message": "", "output": ""}
        for n in names
    ]
    attempt_record(
        attempt=attempt,
        result={
            "verdict": "passed",
            "summary": f"{len(tests)} of {len(tests)} tests passed",
            "tests": tests,
            "duration_ms": 240,
        },
    )


def _progress(user, course: Course, *, share: float) -> None:
    enrollment_create(user=user, course=course)
    lessons = list(Lesson.objects.filter(module__course=course).order_by("module__position", "position"))
    exercises = list(Exercise.objects.filter(module__course=course).order_by("module__position", "position"))
    for lesson in lessons[: round(len(lessons) * share)]:
        lesson_complete(user=user, lesson=lesson)
    for exercise in exercises[: round(len(exercises) * share)]:
        _pass(user, exercise)


def seed(*, size: str, stdout) -> None:
    report = courses_import(courses=read_all())
    stdout.write(f"learning: courses imported ({'changes written' if report.changed else 'unchanged'})")
    course = Course.objects.filter(slug=DEMO_COURSE).first()
    User = get_user_model()
    demo = User.objects.filter(email="demo@example.com").first()
    if course is None or demo is None:
        stdout.write("learning: no demo member yet, progress skipped")
        return
    with transaction.atomic():
        demo.user_permissions.add(
            Permission.objects.get(codename="teach_course", content_type__app_label="learning")
        )
        _progress(demo, course, share=0.5)
        for member in User.objects.filter(is_staff=False, email__startswith="member").order_by("pk")[
            :GRADUATES
        ]:
            _progress(member, course, share=1.0)
    stdout.write("learning: demo member halfway through the beginner course; graduates have certificates")
