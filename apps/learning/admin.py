from __future__ import annotations

from django.contrib import admin

from apps.learning.models import (
    Attempt,
    Certificate,
    Course,
    Enrollment,
    Exercise,
    ExerciseVersion,
    Lesson,
    LessonProgress,
    Module,
)


class ModuleInline(admin.TabularInline):
    model = Module
    extra = 0
    fields = ["position", "slug", "title"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "category", "difficulty", "published", "source", "updated_at"]
    list_filter = ["published", "category", "difficulty", "source"]
    search_fields = ["title", "slug", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["instructor"]
    readonly_fields = ["lesson_count", "exercise_count", "created_at", "updated_at"]
    inlines = [ModuleInline]


class LessonInline(admin.StackedInline):
    model = Lesson
    extra = 0


class ExerciseInline(admin.TabularInline):
    model = Exercise
    extra = 0
    fields = ["position", "slug", "title", "difficulty", "required"]
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["title", "course", "position"]
    list_filter = ["course"]
    inlines = [LessonInline, ExerciseInline]


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "position", "required"]
    search_fields = ["title"]
    list_filter = ["module__course"]


class ExerciseVersionInline(admin.StackedInline):
    model = ExerciseVersion
    extra = 0
    readonly_fields = ["number", "content_hash", "created_at"]


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["title", "module", "position", "difficulty", "required"]
    list_filter = ["module__course", "difficulty"]
    search_fields = ["title"]
    raw_id_fields = ["current_version"]
    inlines = [ExerciseVersionInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "created_at", "completed_at"]
    list_filter = ["course"]
    raw_id_fields = ["user", "course", "last_lesson", "last_exercise"]


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "completed_at"]
    raw_id_fields = ["user", "lesson"]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "exercise", "status", "verdict", "duration_ms", "created_at"]
    list_filter = ["status", "verdict"]
    raw_id_fields = ["user", "exercise", "version"]
    readonly_fields = ["result", "created_at", "finished_at"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["number", "recipient_name", "course_title", "issued_at", "revoked_at"]
    list_filter = ["course"]
    search_fields = ["number", "recipient_name"]
    raw_id_fields = ["user", "course"]
    readonly_fields = ["number", "issued_at", "pdf_generated_at"]
