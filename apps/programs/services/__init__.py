"""Writes for programs.

`enrolment`: applying, staff decisions, seats held under concurrency, the waiting list,
leaving a cohort. `missions`: rubrics and missions, submissions (numbered iterations), the
mentors' first-in first-out review queues and their escalation, completion.
"""

from __future__ import annotations

from apps.programs.services.enrolment import (
    DECISION_MOVES,
    ApplicationData,
    absolute_url,
    announcement_create,
    application_create,
    application_decide,
    application_withdraw,
    cohort_promote_waitlist,
    cohort_set_capacity,
    membership_leave,
    membership_set_quote,
    seats_taken,
)
from apps.programs.services.missions import (
    MissionData,
    SubmissionData,
    cohort_mentor_set,
    courses_left,
    membership_check_complete,
    memberships_complete_due,
    mission_create,
    mission_publish,
    mission_update,
    missions_for_cohort,
    missions_left,
    queue_escalate_due,
    queue_for,
    queue_position,
    review_create,
    rubric_clean,
    rubric_parse,
    rubric_text,
    submission_create,
    submission_delete_with_file,
)
from apps.programs.services.setup import cohort_save, program_save, schedule_item_save

__all__ = [
    "DECISION_MOVES",
    "ApplicationData",
    "MissionData",
    "SubmissionData",
    "absolute_url",
    "announcement_create",
    "application_create",
    "application_decide",
    "application_withdraw",
    "cohort_mentor_set",
    "cohort_promote_waitlist",
    "cohort_save",
    "cohort_set_capacity",
    "courses_left",
    "membership_check_complete",
    "membership_leave",
    "membership_set_quote",
    "memberships_complete_due",
    "mission_create",
    "mission_publish",
    "mission_update",
    "missions_for_cohort",
    "missions_left",
    "program_save",
    "queue_escalate_due",
    "queue_for",
    "queue_position",
    "review_create",
    "rubric_clean",
    "rubric_parse",
    "rubric_text",
    "schedule_item_save",
    "seats_taken",
    "submission_create",
    "submission_delete_with_file",
]
