"""The learning pages: catalogue and its filters, syllabus and progress, lessons and their
videos, the exercise page, Submit and its results, instructors' pages."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.learning.models import Attempt, Course, Enrollment, Exercise
from apps.learning.services import lesson_complete
from tests.accounts.factories import UserFactory
from tests.learning.factories import CourseFactory, ExerciseFactory, LessonFactory, ModuleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    course = CourseFactory(
        slug="python-basics", title="Python Basics", category="programming", tracks=["builders"]
    )
    first = ModuleFactory(course=course, title="First steps", position=1)
    second = ModuleFactory(course=course, title="Loops", position=2)
    LessonFactory(module=first, title="Welcome", position=1)
    ExerciseFactory(module=first, title="Add two numbers", position=2)
    LessonFactory(
        module=second, title="For loops", position=1, video_url="https://www.youtube.com/watch?v=rfscVS0vtbw"
    )
    return course


def test_catalogue_filters_by_category_level_track_and_text(client, course):
    CourseFactory(title="Data Stories", category="data", difficulty="intermediate", tracks=["researchers"])
    CourseFactory(title="Hidden draft", published=False)
    url = reverse("learning:course-list")
    body = client.get(url).content.decode()
    assert "Python Basics" in body and "Data Stories" in body and "Hidden draft" not in body
    for query, shown, hidden in [
        ({"category": "data"}, "Data Stories", "Python Basics"),
        ({"difficulty": "beginner"}, "Python Basics", "Data Stories"),
        ({"track": "researchers"}, "Data Stories", "Python Basics"),
        ({"q": "basics"}, "Python Basics", "Data Stories"),
    ]:
        body = client.get(url, query).content.decode()
        assert shown in body and hidden not in body, query


def test_catalogue_partial_for_htmx_and_bad_filters_ignored(client, course):
    url = reverse("learning:course-list")
    partial = client.get(url, {"q": "python"}, headers={"HX-Request": "true"}).content.decode()
    assert partial.lstrip().startswith('<section id="course-results"') and "<html" not in partial
    assert client.get(url, {"category": "<script>", "track": "x" * 500}).status_code == 200


def _courses(n):
    for _ in range(n):
        LessonFactory(module=ModuleFactory(course=CourseFactory()))


def test_catalogue_queries_do_not_grow_with_courses(member_client, assert_page_queries):
    # count; courses with is_enrolled (the session and user are cached after the first request)
    assert_page_queries(member_client, reverse("learning:course-list"), add_rows=_courses, expected=2)


def _items(course):
    def add(n):
        module = ModuleFactory(course=course)
        for i in range(n):
            (LessonFactory if i % 2 else ExerciseFactory)(module=module)

    return add


def test_syllabus_queries_do_not_grow_with_items(member_client, assert_page_queries):
    course = CourseFactory()
    # course; modules, lessons, exercises; lessons read, exercises passed; enrolment; certificate
    assert_page_queries(
        member_client,
        reverse("learning:course-detail", args=[course.slug]),
        add_rows=_items(course),
        expected=8,
    )


def test_syllabus_shows_progress_per_module_and_continue(member_client, course):
    welcome = course.modules.get(title="First steps").lessons.get()
    lesson_complete(user=member_client.user, lesson=welcome)
    body = member_client.get(reverse("learning:course-detail", args=[course.slug])).content.decode()
    assert "1 of 2 done" in body and "0 of 1 done" in body
    assert 'aria-label="First steps: 50% done"' in body
    assert "Continue where you left off" in body
    response = member_client.get(reverse("learning:course-continue", args=[course.slug]))
    exercise = Exercise.objects.get(title="Add two numbers")
    assert response.url == reverse("learning:exercise-detail", args=[course.slug, exercise.pk])


def test_enrol_then_continue_goes_to_the_first_item(member_client, course):
    response = member_client.post(reverse("learning:course-enrol", args=[course.slug]))
    assert Enrollment.objects.filter(user=member_client.user, course=course).exists()
    assert response.url == reverse("learning:course-continue", args=[course.slug])


def test_unpublished_course_is_not_found_for_members(member_client):
    draft = CourseFactory(published=False)
    assert member_client.get(reverse("learning:course-detail", args=[draft.slug])).status_code == 404


def test_lesson_renders_markdown_and_embeds_only_allowed_video_hosts(client, course):
    lesson = course.modules.get(title="Loops").lessons.get()
    response = client.get(reverse("learning:lesson-detail", args=[course.slug, lesson.pk]))
    body = response.content.decode()
    assert 'src="https://www.youtube-nocookie.com/embed/rfscVS0vtbw"' in body
    assert "frame-src https://www.youtube-nocookie.com" in response["Content-Security-Policy"]
    lesson.video_url = "https://evil.example.com/embed/1"
    lesson.body = "Hi <script>alert(1)</script> **bold**"
    lesson.save()
    response = client.get(reverse("learning:lesson-detail", args=[course.slug, lesson.pk]))
    body = response.content.decode()
    assert "<iframe" not in body and "evil.example.com" not in response["Content-Security-Policy"]
    assert "<strong>bold</strong>" in body and "<script>alert" not in body


def test_marking_a_lesson_read_moves_to_the_next_item(member_client, course):
    welcome = course.modules.get(title="First steps").lessons.get()
    response = member_client.post(reverse("learning:lesson-complete", args=[course.slug, welcome.pk]))
    exercise = Exercise.objects.get(title="Add two numbers")
    assert response.url == reverse("learning:exercise-detail", args=[course.slug, exercise.pk])


def test_exercise_page_works_without_javascript_and_allows_webassembly(client, course):
    exercise = Exercise.objects.get(title="Add two numbers")
    response = client.get(reverse("learning:exercise-detail", args=[course.slug, exercise.pk]))
    body = response.content.decode()
    assert '<textarea class="input font-mono text-sm" name="code" id="id_code"' in body
    assert "def add(a, b):\n    pass" in body
    assert "'wasm-unsafe-eval'" in response["Content-Security-Policy"]
    assert "learning/exercise.js" in body and "Run tests" in body
    # The hidden tests and the reference solution never reach the page.
    assert "test_negative" not in body and "return a + b" not in body


def test_other_pages_do_not_allow_webassembly(client, course):
    response = client.get(reverse("learning:course-detail", args=[course.slug]))
    assert "wasm-unsafe-eval" not in response["Content-Security-Policy"]


@pytest.fixture
def exercise(course):
    return Exercise.objects.get(title="Add two numbers")


def _submit(client, course, exercise, code, **headers):
    return client.post(
        reverse("learning:exercise-submit", args=[course.slug, exercise.pk]), {"code": code}, headers=headers
    )


def test_submit_checks_the_code_in_the_sandbox_and_shows_a_readable_failure(
    member_client, course, exercise, real_sandbox, django_capture_on_commit_callbacks
):
    from apps.core.metrics import SANDBOX_RUNS

    failed_runs = SANDBOX_RUNS.labels(verdict="failed")
    counted_before = failed_runs._value.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = _submit(member_client, course, exercise, "def add(a, b):\n    return a - b\n")
    attempt = Attempt.objects.get(user=member_client.user)
    assert response.url == reverse("learning:attempt-detail", args=[course.slug, attempt.pk])
    assert attempt.version == exercise.current_version and attempt.verdict == "failed"
    assert failed_runs._value.get() == counted_before + 1  # the operators' sandbox metric
    body = member_client.get(response.url).content.decode()
    assert "Adds two numbers" in body and "Expected: 5" in body
    assert "Hint:" in body and "<code>+</code>" in body  # the hint written for the failing test


def test_submit_with_htmx_returns_a_polling_result(member_client, course, exercise):
    response = _submit(
        member_client, course, exercise, "def add(a, b):\n    return a + b\n", HX_Request="true"
    )
    attempt = Attempt.objects.get(user=member_client.user)
    body = response.content.decode()
    assert f'data-hx-get="{reverse("learning:attempt-detail", args=[course.slug, attempt.pk])}"' in body
    assert 'data-hx-trigger="load delay:1s"' in body and "Checking your code" in body


def test_results_page_refreshes_itself_while_checking(member_client, course, exercise):
    attempt = Attempt.objects.create(
        user=member_client.user, exercise=exercise, version=exercise.current_version, code="x"
    )
    body = member_client.get(
        reverse("learning:attempt-detail", args=[course.slug, attempt.pk])
    ).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in body


def test_another_members_attempt_is_not_found(member_client, course, exercise):
    attempt = Attempt.objects.create(
        user=UserFactory(), exercise=exercise, version=exercise.current_version, code="x"
    )
    assert (
        member_client.get(reverse("learning:attempt-detail", args=[course.slug, attempt.pk])).status_code
        == 404
    )


def test_submit_says_clearly_when_the_sandbox_is_unavailable(member_client, course, exercise, monkeypatch):
    monkeypatch.setattr("apps.learning.services.attempts.sandbox_status", lambda: (False, "no bubblewrap"))
    response = _submit(member_client, course, exercise, "def add(a, b):\n    return a + b\n")
    assert response.status_code == 200
    assert "Code checking is not available on this server right now" in response.content.decode()
    assert not Attempt.objects.exists()


@pytest.mark.parametrize(
    ("code", "message"),
    [("   ", "Write some code before you submit."), ("x" * 20_001, "at most 20000 characters")],
)
def test_bad_submissions_get_a_clear_message(member_client, course, exercise, code, message):
    response = _submit(member_client, course, exercise, code)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Attempt.objects.exists()


def test_queue_cap_turns_submissions_away(member_client, course, exercise, settings):
    settings.LEARNING_QUEUE_CAP = 2
    for _ in range(2):
        Attempt.objects.create(
            user=UserFactory(), exercise=exercise, version=exercise.current_version, code="x"
        )
    response = _submit(member_client, course, exercise, "def add(a, b):\n    return a + b\n")
    assert "Many answers are being checked right now" in response.content.decode()
    assert Attempt.objects.filter(user=member_client.user).count() == 0


def test_submit_is_rate_limited_per_member(member_client, course, exercise, settings):
    settings.LEARNING_SUBMIT_RATE = "2/m"
    codes = [
        _submit(member_client, course, exercise, "def add(a, b):\n    return a + b\n").status_code
        for _ in range(3)
    ]
    assert codes[-1] == 429


def test_visitors_are_asked_to_log_in_to_submit(client, course, exercise):
    response = _submit(client, course, exercise, "x = 1")
    assert response.status_code == 302 and "login" in response.url


def test_runner_is_served_for_the_browser(client):
    response = client.get(reverse("learning:runner"))
    assert response.status_code == 200 and "def run_in_browser" in response.content.decode()


def _instructor():
    member = UserFactory()
    member.user_permissions.add(Permission.objects.get(codename="teach_course"))
    return member


def test_instructors_write_courses_members_cannot(client, course):
    client.force_login(UserFactory())
    assert client.get(reverse("learning:course-create")).status_code == 403
    client.force_login(_instructor())
    data = {
        "title": "Go for Gophers",
        "slug": "go-gophers",
        "summary": "Go.",
        "category": "programming",
        "difficulty": "beginner",
        "estimated_minutes": 30,
        "tracks": ["builders"],
        "published": "on",
    }
    response = client.post(reverse("learning:course-create"), data)
    assert response.status_code == 302
    created = Course.objects.get(slug="go-gophers")
    assert created.source == "site" and created.tracks == ["builders"]
    response = client.post(reverse("learning:course-create"), {**data, "slug": "new"})
    assert "That address is reserved" in response.content.decode()


def test_instructor_edits_an_exercise_into_a_new_version(client, course, exercise):
    client.force_login(_instructor())
    url = reverse("learning:exercise-edit", args=[course.slug, exercise.pk])
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "title": exercise.title,
        "slug": exercise.slug,
        "difficulty": "beginner",
        "position": 2,
        "required": "on",
        "instructions": "Write `add(a, b)`, returning the sum.",
        "starter_code": "def add(a, b):\n    pass\n",
        "visible_tests": "from solution import add\n\n\ndef test_adds():\n    assert add(1, 1) == 2\n",
        "hidden_tests": "",
        "solution": "def add(a, b):\n    return a + b\n",
    }
    assert "test_adds: Use `+`." in form.content.decode()  # the hints, one per line
    bad = client.post(url, {**data, "hints": "no colon here"})
    assert "Line 1: write it as" in bad.content.decode()
    assert client.post(url, {**data, "hints": "test_adds: Add them with `+`."}).status_code == 302
    exercise.refresh_from_db()
    assert exercise.current_version.number == 2 and exercise.versions.count() == 2
    assert exercise.current_version.hints == [{"test": "test_adds", "hint": "Add them with `+`."}]
    # Saving the same content again makes no new version.
    assert client.post(url, {**data, "hints": "test_adds: Add them with `+`."}).status_code == 302
    assert exercise.versions.count() == 2


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "orange").save(buffer, format="PNG")
    return buffer.getvalue()


def test_instructor_thumbnail_is_reencoded_and_a_fake_image_is_refused(client, course):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(_instructor())
    url = reverse("learning:course-edit", args=[course.slug])
    data = {
        "title": course.title,
        "slug": course.slug,
        "summary": "S",
        "category": "programming",
        "difficulty": "beginner",
        "estimated_minutes": 30,
        "published": "on",
    }
    fake = SimpleUploadedFile("x.png", b"<?php echo 1; ?>", content_type="image/png")
    response = client.post(url, {**data, "thumbnail_upload": fake})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    response = client.post(
        url, {**data, "thumbnail_upload": SimpleUploadedFile("me.png", _png(), content_type="image/png")}
    )
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.thumbnail.name.startswith("learning/thumbnails/") and course.thumbnail.name.endswith(
        ".webp"
    )
    assert course.thumbnail.url in client.get(reverse("learning:course-list")).content.decode()


def test_refused_submit_with_htmx_shows_the_reason_in_place(member_client, course, exercise, monkeypatch):
    monkeypatch.setattr("apps.learning.services.attempts.sandbox_status", lambda: (False, "no bubblewrap"))
    response = _submit(
        member_client, course, exercise, "def add(a, b):\n    return a + b\n", HX_Request="true"
    )
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Not submitted" in body and "Code checking is not available" in body


def test_a_lost_submission_stops_waiting_and_asks_to_submit_again(member_client, course, exercise):
    from datetime import timedelta

    from django.utils import timezone

    attempt = Attempt.objects.create(
        user=member_client.user,
        exercise=exercise,
        version=exercise.current_version,
        code="x",
        created_at=timezone.now() - timedelta(minutes=11),
    )
    body = member_client.get(
        reverse("learning:attempt-detail", args=[course.slug, attempt.pk])
    ).content.decode()
    assert "the server lost it. Please submit again." in body
    assert 'http-equiv="refresh"' not in body and 'data-hx-trigger="load delay:1s"' not in body


def test_instructors_see_drafts_in_the_catalogue_and_edit_modules(client, course):
    CourseFactory(title="Unfinished draft", published=False)
    url = reverse("learning:course-list")
    assert "Unfinished draft" not in client.get(url).content.decode()
    client.force_login(_instructor())
    body = client.get(url).content.decode()
    assert "Unfinished draft" in body and "Draft" in body
    module = course.modules.get(title="Loops")
    edit = reverse("learning:module-edit", args=[course.slug, module.pk])
    assert edit in client.get(reverse("learning:course-detail", args=[course.slug])).content.decode()
    response = client.post(
        edit, {"title": "Loops and ranges", "slug": module.slug, "summary": "", "position": 2}
    )
    assert response.status_code == 302
    module.refresh_from_db()
    assert module.title == "Loops and ranges"
