"""Import courses from content files into rows, idempotently: a second run over unchanged
files writes nothing, and an exercise whose text, code or tests changed gets a new version
while earlier attempts keep the version they ran."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from apps.learning.content_files import CourseFile, ExerciseFile, LessonFile, ModuleFile
from apps.learning.models import Course, Exercise, ExerciseVersion, Lesson, Module


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    new_versions: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.new_versions or self.removed)


def _save_changed(obj, values: dict, report: ImportReport, label: str) -> None:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.updated.append(label)


def exercise_version_ensure(*, exercise: Exercise, data: ExerciseFile) -> ExerciseVersion | None:
    """A new current version when the exercise's content differs from its current one; None
    when nothing changed."""
    digest = data.content_hash()
    current = exercise.current_version
    if current is not None and current.content_hash == digest:
        return None
    number = (current.number if current else 0) + 1
    latest = exercise.versions.order_by("-number").values_list("number", flat=True).first()
    number = max(number, (latest or 0) + 1)
    version = ExerciseVersion.objects.create(
        exercise=exercise,
        number=number,
        instructions=data.instructions,
        starter_code=data.starter_code,
        visible_tests=data.visible_tests,
        hidden_tests=data.hidden_tests,
        hints=data.hints,
        solution=data.solution,
        content_hash=digest,
    )
    exercise.current_version = version
    exercise.save(update_fields=["current_version"])
    return version


def _import_module(*, course: Course, data: ModuleFile, position: int, report: ImportReport) -> Module:
    module, created = Module.objects.get_or_create(
        course=course,
        slug=data.slug,
        defaults={"title": data.title, "summary": data.summary, "position": position},
    )
    label = f"{course.slug}/{data.slug}"
    if created:
        report.created.append(label)
    else:
        _save_changed(
            module, {"title": data.title, "summary": data.summary, "position": position}, report, label
        )
    lesson_slugs, exercise_slugs = set(), set()
    for index, item in enumerate(data.items, start=1):
        item_label = f"{label}/{item.slug}"
        if isinstance(item, LessonFile):
            lesson_slugs.add(item.slug)
            values = {
                "title": item.title,
                "body": item.body,
                "estimated_minutes": item.estimated_minutes,
                "video_url": item.video_url,
                "required": item.required,
                "position": index,
            }
            lesson, created = Lesson.objects.get_or_create(module=module, slug=item.slug, defaults=values)
            if created:
                report.created.append(item_label)
            else:
                _save_changed(lesson, values, report, item_label)
        else:
            exercise_slugs.add(item.slug)
            values = {
                "title": item.title,
                "difficulty": item.difficulty,
                "required": item.required,
                "position": index,
            }
            exercise, created = Exercise.objects.get_or_create(module=module, slug=item.slug, defaults=values)
            if created:
                report.created.append(item_label)
            else:
                _save_changed(exercise, values, report, item_label)
            version = exercise_version_ensure(exercise=exercise, data=item)
            if version is not None and not created:
                report.new_versions.append(f"{item_label} v{version.number}")
    for lesson in module.lessons.exclude(slug__in=lesson_slugs):
        report.removed.append(f"{label}/{lesson.slug}")
        lesson.delete()
    for exercise in module.exercises.exclude(slug__in=exercise_slugs):
        if exercise.attempts.exists():
            # Attempts point at its versions: keep it, out of the course's requirements.
            if exercise.required:
                exercise.required = False
                exercise.save(update_fields=["required"])
            report.kept.append(f"{label}/{exercise.slug}")
        else:
            report.removed.append(f"{label}/{exercise.slug}")
            exercise.delete()
    return module


def course_counts_refresh(*, course: Course) -> None:
    """The catalogue's cached counts of a course's lessons and exercises."""
    lessons = Lesson.objects.filter(module__course=course).count()
    exercises = Exercise.objects.filter(module__course=course, required=True).count()
    if (course.lesson_count, course.exercise_count) != (lessons, exercises):
        course.lesson_count, course.exercise_count = lessons, exercises
        course.save(update_fields=["lesson_count", "exercise_count"])


@transaction.atomic
def course_import(*, data: CourseFile, report: ImportReport | None = None) -> tuple[Course, ImportReport]:
    """Create or update one course and everything in it from its files."""
    report = report if report is not None else ImportReport()
    values = {
        "title": data.title,
        "summary": data.summary,
        "description": data.description,
        "category": data.category,
        "difficulty": data.difficulty,
        "estimated_minutes": data.estimated_minutes,
        "tracks": data.tracks,
        "instructor_name": data.instructor_name,
        "published": data.published,
        "source": Course.Source.FILES,
    }
    course, created = Course.objects.get_or_create(slug=data.slug, defaults=values)
    if created:
        report.created.append(data.slug)
    else:
        _save_changed(course, values, report, data.slug)
    slugs = set()
    for position, module in enumerate(data.modules, start=1):
        slugs.add(module.slug)
        _import_module(course=course, data=module, position=position, report=report)
    for module in course.modules.exclude(slug__in=slugs):
        if Exercise.objects.filter(module=module, attempts__isnull=False).exists():
            report.kept.append(f"{data.slug}/{module.slug}")
            continue
        report.removed.append(f"{data.slug}/{module.slug}")
        module.delete()
    course_counts_refresh(course=course)
    return course, report


def courses_import(*, courses: list[CourseFile]) -> ImportReport:
    report = ImportReport()
    for data in courses:
        course_import(data=data, report=report)
    return report
