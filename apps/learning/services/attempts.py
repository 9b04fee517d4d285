"""Submit: the learner's code is queued as an Attempt and checked by a huey task in the
sandbox (apps/learning/sandbox), against the visible and hidden tests of the exercise version
the learner saw. Learner code never runs anywhere but in the sandbox."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.core.live import publish, user_channel
from apps.core.metrics import sandbox_run_record
from apps.learning.models import LOST_AFTER, Attempt, Exercise, ExerciseVersion

logger = logging.getLogger(__name__)

MAX_CODE_CHARS = 20_000
# Attempts still queued after this long are treated as lost (a worker died) by the cap.
QUEUE_WINDOW = LOST_AFTER
UNAVAILABLE_MESSAGE = (
    "Code checking is not available on this server right now, so Submit cannot check your "
    "answer. Run still works in your browser; please submit again later."
)


def sandbox_status() -> tuple[bool, str]:
    """(whether the server can check code, why not). False when the sandbox package or its
    requirements (bubblewrap, an unprivileged user) are missing."""
    try:
        from apps.learning.sandbox import sandbox_available
    except ImportError:
        return False, "the sandbox is not installed"
    return sandbox_available()


def submission_tests(version: ExerciseVersion) -> str:
    """The test module Submit runs: the visible tests, then the hidden ones."""
    return (
        version.visible_tests.rstrip() + "\n\n\n" + version.hidden_tests
        if version.hidden_tests
        else version.visible_tests
    )


def queue_is_full() -> bool:
    since = timezone.now() - QUEUE_WINDOW
    waiting = Attempt.objects.filter(
        status__in=[Attempt.Status.QUEUED, Attempt.Status.RUNNING], created_at__gte=since
    ).count()
    return waiting >= settings.LEARNING_QUEUE_CAP


@transaction.atomic
def attempt_submit(*, user, exercise: Exercise, code: str) -> Attempt:
    """Queue `code` to be checked against the exercise's current version."""
    from apps.learning.services.progress import enrollment_create
    from apps.learning.tasks import attempt_check_task

    code = code.replace("\r\n", "\n")
    if not code.strip():
        raise ValidationError({"code": "Write some code before you submit."})
    if len(code) > MAX_CODE_CHARS:
        raise ValidationError({"code": f"Your code is longer than {MAX_CODE_CHARS:,} characters."})
    if "\x00" in code:
        raise ValidationError({"code": "Your code contains a NUL character."})
    version = exercise.current_version
    if version is None:
        raise ValidationError("This exercise has no tests yet.")
    available, why = sandbox_status()
    if not available:
        logger.warning("learning: submit refused, sandbox unavailable: %s", why)
        raise ValidationError(UNAVAILABLE_MESSAGE, code="sandbox_unavailable")
    if queue_is_full():
        raise ValidationError(
            "Many answers are being checked right now. Please wait a minute and submit again.",
            code="queue_full",
        )
    enrollment_create(user=user, course=exercise.module.course)
    attempt = Attempt.objects.create(user=user, exercise=exercise, version=version, code=code)
    attempt_id = attempt.pk
    transaction.on_commit(lambda: attempt_check_task(attempt_id))
    return attempt


def attempt_check(*, attempt_id: int) -> Attempt | None:
    """Run one queued attempt in the sandbox and store its result. Called by the task."""
    from apps.learning.sandbox import SandboxUnavailable, run_exercise

    claimed = Attempt.objects.filter(pk=attempt_id, status=Attempt.Status.QUEUED).update(
        status=Attempt.Status.RUNNING
    )
    if not claimed:
        return None
    attempt = Attempt.objects.select_related("version", "exercise__module__course", "user").get(pk=attempt_id)
    try:
        result = run_exercise(solution=attempt.code, tests=submission_tests(attempt.version))
    except SandboxUnavailable as exc:
        logger.warning("learning: attempt %s not checked, sandbox unavailable: %s", attempt_id, exc)
        attempt.status = Attempt.Status.UNAVAILABLE
        attempt.summary = UNAVAILABLE_MESSAGE
        attempt.finished_at = timezone.now()
        attempt.save(update_fields=["status", "summary", "finished_at"])
        _tell_open_pages(attempt)
        return attempt
    sandbox_run_record(result.verdict)
    return attempt_record(attempt=attempt, result=result.to_dict())


def _tell_open_pages(attempt: Attempt) -> None:
    """The learner's open pages show the result now (on their own live channel)."""
    publish(user_channel(attempt.user_id), "attempt", str(attempt.pk))


@transaction.atomic
def attempt_record(*, attempt: Attempt, result: dict) -> Attempt:
    """Store a sandbox result (SandboxResult.to_dict()) on `attempt`; a pass counts towards
    the course and may complete it."""
    from apps.learning.services.progress import course_completion_check
    from apps.learning.services.rewards import reward_exercise

    first_pass = (
        result.get("verdict") == Attempt.Verdict.PASSED
        and not Attempt.objects.filter(
            user=attempt.user, exercise=attempt.exercise, verdict=Attempt.Verdict.PASSED
        ).exists()
    )
    attempt.status = Attempt.Status.DONE
    attempt.verdict = result.get("verdict", Attempt.Verdict.CRASHED)
    attempt.summary = str(result.get("summary", ""))[:500]
    attempt.result = result
    attempt.duration_ms = max(0, int(result.get("duration_ms") or 0))
    attempt.finished_at = timezone.now()
    attempt.save(update_fields=["status", "verdict", "summary", "result", "duration_ms", "finished_at"])
    _tell_open_pages(attempt)
    if first_pass:
        reward_exercise(user=attempt.user, exercise=attempt.exercise)
        course_completion_check(user=attempt.user, course=attempt.exercise.module.course)
    return attempt
