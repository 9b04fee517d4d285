"""The learner's pages: catalogue, syllabus, lessons, exercises, submissions."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.csp import CSP
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST, require_safe
from django_ratelimit.decorators import ratelimit

from apps.core.decorators import private_page
from apps.core.htmx import HtmxHttpRequest, redirect_after_post, render_page
from apps.core.pagination import paginate
from apps.core.rates import setting_rate
from apps.core.service_errors import form_add_service_errors
from apps.learning import selectors, services
from apps.learning.access import can_teach, course_for_view, video_embed_url
from apps.learning.forms import TRACK_NAMES, CourseFilterForm, SubmitForm
from apps.learning.models import Attempt, Exercise, Lesson
from apps.learning.runner import browser_runner_source


@require_safe
def course_list(request: HtmxHttpRequest) -> HttpResponse:
    form = CourseFilterForm(request.GET)
    filters = form.filters()
    teacher = can_teach(request.user)
    courses = selectors.course_catalogue(user=request.user, drafts=teacher, **filters)
    page = paginate(request, courses, per_page=24)
    context = {
        "form": form,
        "filters": filters,
        "page_obj": page,
        "track_names": TRACK_NAMES,
        "can_teach": teacher,
    }
    return render_page(request, "learning/course_list.html", context, partial="results")


@require_safe
def course_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    course = course_for_view(user=request.user, slug=slug)
    syllabus = selectors.course_syllabus(course=course, user=request.user)
    context = {
        "course": course,
        "syllabus": syllabus,
        "next_item": syllabus.next_item(),
        "can_teach": can_teach(request.user),
    }
    return render_page(request, "learning/course_detail.html", context)


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("LEARNING_WRITE_RATE"), method="POST", block=True)
def course_enrol(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    course = course_for_view(user=request.user, slug=slug)
    services.enrollment_create(user=request.user, course=course)
    messages.success(request, f"You are enrolled in {course.title}.")
    return redirect_after_post(request, "learning:course-continue", slug=course.slug)


@private_page
@login_required
@require_safe
def course_continue(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """Where the learner left off (or the first item not done)."""
    course = course_for_view(user=request.user, slug=slug)
    item = selectors.course_syllabus(course=course, user=request.user).next_item()
    if item is None:
        return redirect("learning:course-detail", slug=course.slug)
    return redirect(f"learning:{item.kind}-detail", slug=course.slug, pk=item.obj.pk)


def _item(course, model, pk: int):
    return get_object_or_404(model.objects.select_related("module"), pk=pk, module__course=course)


def _csp_with(response: HttpResponse, **directives: list[str]) -> HttpResponse:
    """The site's policy with some directives replaced, for this response only (Django's
    csp_override replaces the whole policy)."""
    response._csp_config = {**settings.SECURE_CSP, **{k.replace("_", "-"): v for k, v in directives.items()}}
    return response


@require_safe
def lesson_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    course = course_for_view(user=request.user, slug=slug)
    lesson = _item(course, Lesson, pk)
    syllabus = selectors.course_syllabus(course=course, user=request.user)
    if request.user.is_authenticated:
        services.enrollment_visit(user=request.user, course=course, lesson=lesson)
    previous, following = syllabus.neighbours("lesson", lesson.pk)
    video = video_embed_url(lesson.video_url)
    context = {
        "course": course,
        "lesson": lesson,
        "syllabus": syllabus,
        "done": any(i.done for i in syllabus.items if i.kind == "lesson" and i.obj.pk == lesson.pk),
        "previous": previous,
        "following": following,
        "video": video,
        "can_teach": can_teach(request.user),
    }
    response = render_page(request, "learning/lesson_detail.html", context)
    if video:
        # Only this page may frame a video, and only from the allowed host it names.
        _csp_with(response, frame_src=[f"https://{video.host}"])
    return response


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("LEARNING_WRITE_RATE"), method="POST", block=True)
def lesson_complete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    course = course_for_view(user=request.user, slug=slug)
    lesson = _item(course, Lesson, pk)
    services.lesson_complete(user=request.user, lesson=lesson)
    syllabus = selectors.course_syllabus(course=course, user=request.user)
    if syllabus.certificate is not None and syllabus.certificate.issued_at and syllabus.percent == 100:
        messages.success(request, "Course complete! Your certificate is ready.")
        return redirect_after_post(request, "learning:course-detail", slug=course.slug)
    _previous, following = syllabus.neighbours("lesson", lesson.pk)
    if following is not None:
        return redirect_after_post(
            request, f"learning:{following.kind}-detail", slug=course.slug, pk=following.obj.pk
        )
    return redirect_after_post(request, "learning:course-detail", slug=course.slug)


def _exercise_context(request, course, exercise: Exercise, form: SubmitForm) -> dict:
    syllabus = selectors.course_syllabus(course=course, user=request.user)
    previous, following = syllabus.neighbours("exercise", exercise.pk)
    attempts = (
        selectors.attempts_recent(user=request.user, exercise=exercise)
        if request.user.is_authenticated
        else []
    )
    return {
        "course": course,
        "exercise": exercise,
        "version": exercise.current_version,
        "syllabus": syllabus,
        "form": form,
        "attempts": attempts,
        "previous": previous,
        "following": following,
        "passed": any(a.passed for a in attempts),
        "sandbox": services.sandbox_status(),
        "can_teach": can_teach(request.user),
    }


def _exercise_csp(response: HttpResponse) -> HttpResponse:
    # Pyodide compiles WebAssembly in its worker; no other page may.
    script_src = [*settings.SECURE_CSP.get("script-src", [CSP.SELF]), CSP.WASM_UNSAFE_EVAL]
    return _csp_with(response, script_src=script_src, worker_src=[CSP.SELF])


@require_safe
def exercise_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    course = course_for_view(user=request.user, slug=slug)
    exercise = _item(course, Exercise, pk)
    if exercise.current_version is None:
        raise Http404("This exercise has no content yet.")
    last = None
    if request.user.is_authenticated:
        services.enrollment_visit(user=request.user, course=course, exercise=exercise)
        last = (
            Attempt.objects.filter(user=request.user, exercise=exercise)
            .order_by("-created_at", "-pk")
            .first()
        )
    form = SubmitForm(initial={"code": last.code if last else exercise.current_version.starter_code})
    page = render_page(
        request, "learning/exercise_detail.html", _exercise_context(request, course, exercise, form)
    )
    return _exercise_csp(page)


@login_required
@require_POST
@ratelimit(key="user", rate=setting_rate("LEARNING_SUBMIT_RATE"), method="POST", block=True)
def exercise_submit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    course = course_for_view(user=request.user, slug=slug)
    exercise = _item(course, Exercise, pk)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            attempt = services.attempt_submit(
                user=request.user, exercise=exercise, code=form.cleaned_data["code"]
            )
        except ValidationError as exc:
            form_add_service_errors(form, exc, field="code")
        else:
            if request.htmx:
                return render_page(
                    request,
                    "learning/attempt_detail.html",
                    {"attempt": attempt, "course": course, "just_submitted": True},
                    partial="attempt-result",
                )
            return redirect("learning:attempt-detail", slug=course.slug, pk=attempt.pk)
    if request.htmx:
        return render_page(request, "learning/exercise_detail.html", {"form": form}, partial="submit-errors")
    page = render_page(
        request, "learning/exercise_detail.html", _exercise_context(request, course, exercise, form)
    )
    return _exercise_csp(page)


@private_page
@login_required
@require_safe
def attempt_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    """One submission's result; while it is being checked the page polls (htmx) or refreshes."""
    attempt = get_object_or_404(
        Attempt.objects.select_related("exercise__module__course", "version"),
        pk=pk,
        user=request.user,
        exercise__module__course__slug=slug,
    )
    course = attempt.exercise.module.course
    context = {"attempt": attempt, "course": course, "exercise": attempt.exercise}
    return render_page(request, "learning/attempt_detail.html", context, partial="attempt-result")


@require_safe
@cache_control(public=True, max_age=3600)
def runner_script(request: HtmxHttpRequest) -> HttpResponse:
    """The pure-Python test runner the browser runs in Pyodide."""
    return HttpResponse(browser_runner_source(), content_type="text/x-python; charset=utf-8")
