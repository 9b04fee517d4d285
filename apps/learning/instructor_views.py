"""Pages for instructors (the teach_course permission): write courses on the site."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from apps.core.decorators import private_page
from apps.core.form_rate import form_budget, form_rate_count, form_rate_message, form_rate_wait
from apps.core.htmx import HtmxHttpRequest, render_page
from apps.core.service_errors import form_add_service_errors
from apps.learning import services
from apps.learning.access import can_teach
from apps.learning.forms import CourseForm, ExerciseForm, LessonForm, ModuleForm
from apps.learning.models import Course, Exercise, Lesson, Module

RATE = ("learning.course-write", "LEARNING_WRITE_RATE")


def _require_teacher(user) -> None:
    if not can_teach(user):
        raise PermissionDenied


def _save(request, form, save) -> object | None:
    """Validate, check the budget, write; None (with errors on the form) when refused."""
    rate = form_budget(*RATE, key="user")
    wait = form_rate_wait(request, **rate)
    if not form.is_valid() or wait:
        if wait:
            form.add_error(None, form_rate_message(wait))
        return None
    try:
        saved = save(form)
    except ValidationError as exc:
        form_add_service_errors(form, exc)
        return None
    form_rate_count(request, **rate)
    return saved


def _course_write(form: CourseForm, author=None) -> Course:
    thumbnail = form.cleaned_data.get("thumbnail_upload")
    return services.course_save(course=form.save(commit=False), author=author, thumbnail=thumbnail)


def _form_page(request, form, *, title: str, course: Course | None = None) -> HttpResponse:
    return render_page(request, "learning/course_form.html", {"form": form, "title": title, "course": course})


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def course_create(request: HtmxHttpRequest) -> HttpResponse:
    _require_teacher(request.user)
    form = CourseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and (
        course := _save(request, form, lambda f: _course_write(f, author=request.user))
    ):
        messages.success(request, "Course saved. Add its first module.")
        return redirect("learning:course-detail", slug=course.slug)
    return _form_page(request, form, title="New course")


def _course(request, slug: str) -> Course:
    _require_teacher(request.user)
    return get_object_or_404(Course, slug=slug)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    course = _course(request, slug)
    form = CourseForm(request.POST or None, request.FILES or None, instance=course)
    if request.method == "POST" and (saved := _save(request, form, _course_write)):
        messages.success(request, "Course saved.")
        return redirect("learning:course-detail", slug=saved.slug)
    return _form_page(request, form, title=f"Edit {course.title}", course=course)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def module_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    course = _course(request, slug)
    form = ModuleForm(
        request.POST or None, instance=Module(course=course, position=course.modules.count() + 1)
    )
    if request.method == "POST" and _save(
        request, form, lambda f: services.module_save(module=f.save(commit=False))
    ):
        messages.success(request, "Module added.")
        return redirect("learning:course-detail", slug=course.slug)
    return _form_page(request, form, title=f"New module in {course.title}", course=course)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def module_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    course = _course(request, slug)
    module = get_object_or_404(Module, pk=pk, course=course)
    form = ModuleForm(request.POST or None, instance=module)
    if request.method == "POST" and _save(
        request, form, lambda f: services.module_save(module=f.save(commit=False))
    ):
        messages.success(request, "Module saved.")
        return redirect("learning:course-detail", slug=course.slug)
    return _form_page(request, form, title=f"Edit {module.title}", course=course)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def lesson_create(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    course = _course(request, slug)
    module = get_object_or_404(Module, pk=pk, course=course)
    form = LessonForm(request.POST or None, instance=Lesson(module=module, position=100))
    if request.method == "POST" and (
        lesson := _save(request, form, lambda f: services.lesson_save(lesson=f.save(commit=False)))
    ):
        messages.success(request, "Lesson saved.")
        return redirect("learning:lesson-detail", slug=course.slug, pk=lesson.pk)
    return _form_page(request, form, title=f"New lesson in {module.title}", course=course)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def lesson_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    course = _course(request, slug)
    lesson = get_object_or_404(Lesson, pk=pk, module__course=course)
    form = LessonForm(request.POST or None, instance=lesson)
    if request.method == "POST" and _save(
        request, form, lambda f: services.lesson_save(lesson=f.save(commit=False))
    ):
        messages.success(request, "Lesson saved.")
        return redirect("learning:lesson-detail", slug=course.slug, pk=lesson.pk)
    return _form_page(request, form, title=f"Edit {lesson.title}", course=course)


def _exercise_form(request, exercise: Exercise) -> ExerciseForm:
    version = exercise.current_version
    initial = {}
    if version is not None:
        initial = {
            n: getattr(version, n)
            for n in ("instructions", "starter_code", "visible_tests", "hidden_tests", "solution")
        }
        initial["hints"] = "\n".join(f"{h['test']}: {h['hint']}" for h in version.hints)
    return ExerciseForm(request.POST or None, instance=exercise, initial=initial)


def _exercise_write(form: ExerciseForm) -> Exercise:
    return services.exercise_save(exercise=form.save(commit=False), content=form.cleaned_data)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def exercise_create(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    course = _course(request, slug)
    module = get_object_or_404(Module, pk=pk, course=course)
    form = _exercise_form(request, Exercise(module=module, position=100))
    if request.method == "POST" and (exercise := _save(request, form, _exercise_write)):
        messages.success(request, "Exercise saved.")
        return redirect("learning:exercise-detail", slug=course.slug, pk=exercise.pk)
    return _form_page(request, form, title=f"New exercise in {module.title}", course=course)


@private_page
@login_required
@require_http_methods(["GET", "POST"])
def exercise_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    course = _course(request, slug)
    exercise = get_object_or_404(
        Exercise.objects.select_related("current_version"), pk=pk, module__course=course
    )
    form = _exercise_form(request, exercise)
    if request.method == "POST" and _save(request, form, _exercise_write):
        messages.success(request, "Exercise saved; a changed text or tests made a new version.")
        return redirect("learning:exercise-detail", slug=course.slug, pk=exercise.pk)
    return _form_page(request, form, title=f"Edit {exercise.title}", course=course)
