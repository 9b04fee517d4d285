"""Writes for learning.

`content` imports courses from their files (new exercise versions on change); `progress`
enrols members, marks lessons read and completes courses; `attempts` queues submitted code
and records the sandbox's verdict; `certificates` issues, revokes and renders certificates;
`courses` lets instructors write courses on the site; `rewards` gives points, badges and
notifications.
"""

from __future__ import annotations

from apps.learning.services.attempts import (
    UNAVAILABLE_MESSAGE,
    attempt_check,
    attempt_record,
    attempt_submit,
    queue_is_full,
    sandbox_status,
    submission_tests,
)
from apps.learning.services.certificates import (
    certificate_issue,
    certificate_number,
    certificate_pdf_render,
    certificate_revoke,
)
from apps.learning.services.content import (
    ImportReport,
    course_import,
    courses_import,
    exercise_version_ensure,
)
from apps.learning.services.courses import course_save, exercise_save, lesson_save, module_save
from apps.learning.services.progress import (
    course_completion_check,
    enrollment_create,
    enrollment_visit,
    lesson_complete,
    required_items_remaining,
)

__all__ = [
    "UNAVAILABLE_MESSAGE",
    "ImportReport",
    "attempt_check",
    "attempt_record",
    "attempt_submit",
    "certificate_issue",
    "certificate_number",
    "certificate_pdf_render",
    "certificate_revoke",
    "course_completion_check",
    "course_import",
    "course_save",
    "courses_import",
    "enrollment_create",
    "enrollment_visit",
    "exercise_save",
    "exercise_version_ensure",
    "lesson_complete",
    "lesson_save",
    "module_save",
    "queue_is_full",
    "required_items_remaining",
    "sandbox_status",
    "submission_tests",
]
