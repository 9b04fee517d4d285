"""Reads for learning: the catalogue, a course's syllabus with one member's progress, and
the last attempts on an exercise."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from apps.learning.models import (
    Attempt,
    Certificate,
    Course,
    Enrollment,
    Exercise,
    Lesson,
    LessonProgress,
    Module,
)


def course_catalogue(
    *, user, q: str = "", category: str = "", difficulty: str = "", track: str = "", drafts: bool = False
) -> QuerySet:
    """Published courses (and drafts, for instructors) matching the filters, each annotated
    `is_enrolled` for `user`."""
    courses = Course.objects.all() if drafts else Course.objects.published()
    if q:
        courses = courses.filter(
            Q(title__icontains=q) | Q(summary__icontains=q) | Q(description__icontains=q)
        )
    if category:
        courses = courses.filter(category=category)
    if difficulty:
        courses = courses.filter(difficulty=difficulty)
    if track:
        # The slug as a JSON string inside the list: works on PostgreSQL and SQLite alike.
        courses = courses.filter(tracks__icontains=f'"{track}"')
    if user.is_authenticated:
        courses = courses.annotate(
            is_enrolled=Exists(Enrollment.objects.filter(course=OuterRef("pk"), user=user))
        )
    return courses.order_by("title", "pk")


def courses_for_track(*, track: str, limit: int = 6) -> list[Course]:
    """Published courses tagged with a career track (for the career quiz's result page)."""
    return list(Course.objects.published().filter(tracks__icontains=f'"{track}"').order_by("title")[:limit])


@dataclass
class SyllabusItem:
    kind: str  # "lesson" or "exercise"
    obj: Lesson | Exercise
    done: bool

    @property
    def title(self) -> str:
        return self.obj.title

    @property
    def required(self) -> bool:
        return self.obj.required


@dataclass
class SyllabusModule:
    module: Module
    items: list[SyllabusItem] = field(default_factory=list)

    @property
    def required_total(self) -> int:
        return sum(1 for item in self.items if item.required)

    @property
    def required_done(self) -> int:
        return sum(1 for item in self.items if item.required and item.done)

    @property
    def percent(self) -> int:
        return round(100 * self.required_done / self.required_total) if self.required_total else 100


@dataclass
class Syllabus:
    course: Course
    modules: list[SyllabusModule]
    enrollment: Enrollment | None
    certificate: Certificate | None

    @property
    def required_total(self) -> int:
        return sum(m.required_total for m in self.modules)

    @property
    def required_done(self) -> int:
        return sum(m.required_done for m in self.modules)

    @property
    def percent(self) -> int:
        return round(100 * self.required_done / self.required_total) if self.required_total else 100

    @property
    def items(self) -> list[SyllabusItem]:
        return [item for module in self.modules for item in module.items]

    def next_item(self) -> SyllabusItem | None:
        """Where "continue" goes: the item after the last one opened if that one is done,
        else the last one opened, else the first item not done."""
        items = self.items
        last = None
        if self.enrollment is not None:
            last_lesson, last_exercise = self.enrollment.last_lesson_id, self.enrollment.last_exercise_id
            for index, item in enumerate(items):
                if (item.kind == "lesson" and item.obj.pk == last_lesson) or (
                    item.kind == "exercise" and item.obj.pk == last_exercise
                ):
                    last = index
        if last is not None and not items[last].done:
            return items[last]
        start = 0 if last is None else last + 1
        for item in items[start:] + items[:start]:
            if not item.done:
                return item
        return None

    def neighbours(self, kind: str, pk: int) -> tuple[SyllabusItem | None, SyllabusItem | None]:
        items = self.items
        for index, item in enumerate(items):
            if item.kind == kind and item.obj.pk == pk:
                return (
                    items[index - 1] if index else None,
                    items[index + 1] if index + 1 < len(items) else None,
                )
        return None, None


def course_syllabus(*, course: Course, user) -> Syllabus:
    """The course's modules with their lessons and exercises in order, each marked done for
    `user` (read, or passed). A fixed number of queries, whatever the course's size."""
    modules = list(course.modules.order_by("position", "pk"))
    lessons = list(Lesson.objects.filter(module__course=course).defer("body").order_by("position", "pk"))
    exercises = list(Exercise.objects.filter(module__course=course).order_by("position", "pk"))
    read: set[int] = set()
    passed: set[int] = set()
    enrollment = certificate = None
    if user.is_authenticated:
        read = set(
            LessonProgress.objects.filter(user=user, lesson__module__course=course).values_list(
                "lesson_id", flat=True
            )
        )
        passed = set(
            Attempt.objects.filter(
                user=user, exercise__module__course=course, verdict=Attempt.Verdict.PASSED
            ).values_list("exercise_id", flat=True)
        )
        enrollment = Enrollment.objects.filter(user=user, course=course).first()
        certificate = Certificate.objects.filter(user=user, course=course).first()
    by_module = {m.pk: SyllabusModule(m) for m in modules}
    entries = [
        (lesson.module_id, lesson.position, 0, SyllabusItem("lesson", lesson, lesson.pk in read))
        for lesson in lessons
    ]
    entries += [
        (ex.module_id, ex.position, 1, SyllabusItem("exercise", ex, ex.pk in passed)) for ex in exercises
    ]
    for module_id, _position, _kind, item in sorted(entries, key=lambda e: (e[1], e[2], e[3].obj.pk)):
        by_module[module_id].items.append(item)
    return Syllabus(
        course=course, modules=list(by_module.values()), enrollment=enrollment, certificate=certificate
    )


def attempts_recent(*, user, exercise: Exercise, limit: int = 5) -> list[Attempt]:
    return list(
        Attempt.objects.filter(user=user, exercise=exercise)
        .select_related("version")
        .order_by("-created_at", "-pk")[:limit]
    )


def member_certificates(*, user) -> list[Certificate]:
    """A member's certificates for their profile, newest first (revoked ones left out)."""
    return list(Certificate.objects.filter(user=user, revoked_at__isnull=True).order_by("-issued_at"))
