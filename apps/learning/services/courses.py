"""Instructors' writes: courses, modules, lessons and exercises written on the site."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from PIL import Image

from apps.core.uploads import generated_name, reencode_within
from apps.learning.content_files import exercise_content_hash
from apps.learning.models import Course, Exercise, ExerciseVersion, Lesson, Module

RESERVED_SLUGS = {"new", "runner"}


@transaction.atomic
def course_save(*, course: Course, author=None, thumbnail: Image.Image | None = None) -> Course:
    """Create or update a course written on the site; `thumbnail` (already validated) is
    re-encoded, which drops its metadata."""
    if course.slug in RESERVED_SLUGS:
        raise ValidationError({"slug": "That address is reserved; choose another slug."})
    if course.pk is None:
        course.instructor = author
        course.source = Course.Source.SITE
    course.full_clean(exclude=["thumbnail"])
    if thumbnail is not None:
        old = course.thumbnail.name if course.thumbnail else ""
        course.thumbnail.save(
            generated_name(folder="learning/thumbnails", extension="webp"),
            reencode_within(thumbnail, max_width=1200, max_height=800),
            save=False,
        )
        if old:
            storage = course.thumbnail.storage
            transaction.on_commit(lambda: storage.delete(old))
    course.save()
    return course


@transaction.atomic
def module_save(*, module: Module) -> Module:
    module.full_clean()
    module.save()
    return module


@transaction.atomic
def lesson_save(*, lesson: Lesson) -> Lesson:
    from apps.learning.access import video_embed_url
    from apps.learning.services.content import course_counts_refresh

    if lesson.video_url and video_embed_url(lesson.video_url) is None:
        raise ValidationError({"video_url": "Videos can only come from YouTube or Vimeo (https)."})
    lesson.full_clean()
    lesson.save()
    course_counts_refresh(course=lesson.module.course)
    return lesson


@transaction.atomic
def exercise_save(*, exercise: Exercise, content: dict) -> Exercise:
    """Save the exercise; a change to its text, code or tests makes a new version."""
    from apps.learning.services.content import course_counts_refresh

    exercise.full_clean(exclude=["current_version"])
    exercise.save()
    fields = ["instructions", "starter_code", "visible_tests", "hidden_tests", "solution"]
    values = {name: (content.get(name) or "").replace("\r\n", "\n") for name in fields}
    current = exercise.current_version
    hints = content.get("hints")
    values["hints"] = hints if hints is not None else (current.hints if current else [])
    digest = exercise_content_hash(**values)
    if current is None or current.content_hash != digest:
        number = (exercise.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = ExerciseVersion.objects.create(
            exercise=exercise, number=number, content_hash=digest, **values
        )
        exercise.current_version = version
        exercise.save(update_fields=["current_version"])
    course_counts_refresh(course=exercise.module.course)
    return exercise
