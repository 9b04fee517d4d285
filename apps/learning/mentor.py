"""What the mentor may read of learning (the contract is in apps/core/mentor.py).

A member may ask about a lesson (`?context=lesson:<id>`) or an exercise
(`?context=exercise:<id>`) of a published course. For an exercise the item carries that
member's own last submission, its verdict and the first failing test, so the mentor can help
with the code in front of them; it never reads another member's attempts, and never the
exercise's hidden tests or reference solution.
"""

from __future__ import annotations

from apps.core.mentor import MentorItem, item_text
from apps.learning.models import Attempt, Exercise, Lesson

CODE_CHARS = 2000


def _lesson_url(lesson: Lesson) -> str:
    from django.urls import reverse

    return reverse("learning:lesson-detail", args=[lesson.module.course.slug, lesson.pk])


def lesson_item(*, member, pk: int) -> MentorItem | None:
    lesson = (
        Lesson.objects.select_related("module__course").filter(pk=pk, module__course__published=True).first()
    )
    if lesson is None:
        return None
    course = lesson.module.course
    return MentorItem(
        "lesson",
        lesson.pk,
        lesson.title,
        _lesson_url(lesson),
        item_text(lesson.body),
        facts=f"A lesson of the course {course.title} ({course.get_difficulty_display().lower()})",
        level=course.difficulty if course.difficulty in {"beginner", "intermediate", "advanced"} else "",
        label="Lesson",
    )


def last_attempt_text(*, member, exercise: Exercise) -> str:
    """The member's newest submission on `exercise`, as the mentor reads it."""
    attempt = Attempt.objects.filter(user=member, exercise=exercise).order_by("-created_at", "-pk").first()
    if attempt is None:
        return "The member has not submitted this exercise yet."
    lines = [f"Their last submission: {attempt.get_verdict_display() or attempt.get_status_display()}."]
    if attempt.summary:
        lines.append(attempt.summary)
    failing = next((t for t in attempt.result.get("tests", []) if t.get("status") != "pass"), None)
    if failing:
        lines.append(f"First failing test: {failing.get('name')}: {failing.get('message', '')}")
    lines.append("Their code:\n```python\n" + attempt.code[:CODE_CHARS] + "\n```")
    return "\n".join(lines)


def exercise_item(*, member, pk: int) -> MentorItem | None:
    from django.urls import reverse

    exercise = (
        Exercise.objects.select_related("module__course", "current_version")
        .filter(pk=pk, module__course__published=True)
        .first()
    )
    if exercise is None or exercise.current_version is None:
        return None
    course = exercise.module.course
    text = item_text(exercise.current_version.instructions)
    if member is not None and member.is_authenticated:
        text = text + "\n\n" + last_attempt_text(member=member, exercise=exercise)
    return MentorItem(
        "exercise",
        exercise.pk,
        exercise.title,
        reverse("learning:exercise-detail", args=[course.slug, exercise.pk]),
        text,
        facts=f"A Python exercise in the course {course.title}",
        level=exercise.difficulty if exercise.difficulty in {"beginner", "intermediate", "advanced"} else "",
        label="Exercise",
    )


try:  # MemberContext is the mentor's contract for a member's own things (apps/core/mentor.py)
    from apps.core.mentor import MemberContext
except ImportError:  # pragma: no cover - an older mentor without member contexts
    MEMBER_CONTEXTS: tuple = ()
else:
    MEMBER_CONTEXTS = (
        MemberContext(kind="lesson", get=lesson_item),
        MemberContext(kind="exercise", get=exercise_item),
    )
