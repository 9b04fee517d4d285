from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.links import row_url

CERTIFICATE_NUMBER_PATTERN = r"^DT-[0-9]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"
# A submission still waiting after this long was lost (a worker died): the page stops
# waiting for it and the queue cap stops counting it.
LOST_AFTER = timedelta(minutes=10)


class Difficulty(models.TextChoices):
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"
    EXPERT = "expert", "Expert"


class CourseQuerySet(models.QuerySet):
    def published(self) -> CourseQuerySet:
        return self.filter(published=True)


class Course(models.Model):
    """A course: modules of lessons and exercises. Courses written as files under
    content/courses/<slug>/ are imported by `manage.py import_courses`; instructors can also
    write them on the site (source "site")."""

    class Category(models.TextChoices):
        PROGRAMMING = "programming", "Programming"
        WEB = "web", "Web development"
        DATA = "data", "Data and AI"
        MOBILE = "mobile", "Mobile"
        CAREER = "career", "Career skills"

    class Source(models.TextChoices):
        FILES = "files", "Content files"
        SITE = "site", "Written on the site"

    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=240)
    description = models.TextField(blank=True, help_text="Markdown.")
    instructor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="courses_taught",
    )
    instructor_name = models.CharField(
        max_length=120, blank=True, help_text="Shown when no member is linked."
    )
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.PROGRAMMING)
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices, default=Difficulty.BEGINNER)
    estimated_minutes = models.PositiveIntegerField(default=60)
    thumbnail = models.ImageField(upload_to="learning/thumbnails/", blank=True)
    published = models.BooleanField(default=False)
    # Career-track slugs (apps/careers/tracks.py TRACKS): the career quiz recommends by these.
    tracks = models.JSONField(default=list, blank=True)
    source = models.CharField(max_length=5, choices=Source.choices, default=Source.SITE)
    # Counts kept by the services so the catalogue shows them without a query per row.
    lesson_count = models.PositiveIntegerField(default=0, editable=False)
    exercise_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        permissions = [("teach_course", "Can create and edit courses")]
        indexes = [
            models.Index(fields=["published", "category", "difficulty"], name="learning_course_filter_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return row_url("learning:course-detail", self.slug)


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["course", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["course", "slug"], name="learning_module_slug_unique")]

    def __str__(self) -> str:
        return f"{self.course_id}: {self.title}"


class Lesson(models.Model):
    """Reading in Markdown, with an optional video from an allowed host. Lessons and
    exercises of a module share one `position` sequence."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="lessons")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=120)
    body = models.TextField(blank=True, help_text="Markdown.")
    video_url = models.URLField(blank=True)
    estimated_minutes = models.PositiveIntegerField(default=10)
    position = models.PositiveIntegerField(default=0)
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["module", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["module", "slug"], name="learning_lesson_slug_unique")]

    def __str__(self) -> str:
        return self.title


class Exercise(models.Model):
    """A coding exercise. Its text, code and tests live in versions: a change makes a new
    ExerciseVersion and attempts keep pointing at the one they ran."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="exercises")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=120)
    difficulty = models.CharField(max_length=12, choices=Difficulty.choices, default=Difficulty.BEGINNER)
    position = models.PositiveIntegerField(default=0)
    required = models.BooleanField(default=True)
    current_version = models.ForeignKey(
        "ExerciseVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["module", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["module", "slug"], name="learning_exercise_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title


class ExerciseVersion(models.Model):
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    instructions = models.TextField(help_text="Markdown.")
    starter_code = models.TextField(blank=True)
    visible_tests = models.TextField(
        help_text="A Python module of test_ functions, shown and run in the browser."
    )
    hidden_tests = models.TextField(blank=True, help_text="Run only on the server at Submit.")
    # [{"test": "test_name", "hint": "Markdown"}]: freeCodeCamp's hint per test.
    hints = models.JSONField(default=list, blank=True)
    solution = models.TextField(help_text="The reference solution; never shown to learners.")
    content_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["exercise", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["exercise", "number"], name="learning_exversion_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.exercise_id} v{self.number}"


class Enrollment(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrollments")
    # Where "continue where you left off" goes: the last lesson or exercise opened.
    last_lesson = models.ForeignKey(
        Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_exercise = models.ForeignKey(
        Exercise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_seen_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="learning_enrollment_unique")]
        indexes = [models.Index(fields=["user", "-last_seen_at"], name="learning_enrol_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.course_id}"


class LessonProgress(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress"
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="learning_lessonprogress_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.lesson_id}"


class Attempt(models.Model):
    """One Submit: the code, the exercise version it ran against, and the sandbox's result."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Checked"
        UNAVAILABLE = "unavailable", "Checking unavailable"

    class Verdict(models.TextChoices):
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"
        ERROR = "error", "Error in the code"
        TIMEOUT = "timeout", "Timed out"
        MEMORY = "memory", "Out of memory"
        OUTPUT_LIMIT = "output_limit", "Too much output"
        CRASHED = "crashed", "Crashed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attempts")
    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="attempts")
    version = models.ForeignKey(ExerciseVersion, on_delete=models.PROTECT, related_name="attempts")
    code = models.TextField()
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    verdict = models.CharField(max_length=12, choices=Verdict.choices, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    result = models.JSONField(default=dict, blank=True)  # SandboxResult.to_dict()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["user", "exercise", "-created_at"], name="learning_attempt_user_idx"),
            models.Index(fields=["status", "created_at"], name="learning_attempt_status_idx"),
        ]

    def __str__(self) -> str:
        return f"attempt {self.pk} ({self.verdict or self.status})"

    @property
    def passed(self) -> bool:
        return self.verdict == self.Verdict.PASSED

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def is_lost(self) -> bool:
        """Still waiting long after any check would have finished: its worker died."""
        return self.is_pending and timezone.now() - self.created_at > LOST_AFTER


class Certificate(models.Model):
    """Issued when a member completes a course. The number is the public key of the
    verification page; the recipient's name and the course title are copied at issue so the
    page reads the same after a handle or title change. Erasure clears the user and name."""

    number = models.CharField(max_length=20, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="certificates")
    recipient_name = models.CharField(max_length=150, blank=True)
    course_title = models.CharField(max_length=120)
    issued_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(max_length=300, blank=True)
    pdf = models.FileField(upload_to="learning/certificates/", blank=True, max_length=200)
    pdf_generated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(user__isnull=False),
                name="learning_certificate_one_per_course",
            ),
        ]
        indexes = [models.Index(fields=["user", "-issued_at"], name="learning_cert_user_idx")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def is_anonymised(self) -> bool:
        return self.user_id is None and not self.recipient_name
