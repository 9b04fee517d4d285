"""Writes for jobs.

`listings` posts, edits, reviews, closes and expires listings and keeps saved jobs;
`applications` takes applications and moves them through the employer's pipeline.
"""

from __future__ import annotations

from apps.jobs.services.applications import (
    ApplicationData,
    application_create,
    application_delete_with_cv,
    application_move,
    application_note,
    application_withdraw,
    safe_download_name,
)
from apps.jobs.services.listings import (
    JobData,
    job_approve,
    job_close,
    job_create,
    job_expire_due,
    job_reject,
    job_save_set,
    job_submit,
    job_update,
    salary_in_usd_per_year,
    skill_tags,
)

__all__ = [
    "ApplicationData",
    "JobData",
    "application_create",
    "application_delete_with_cv",
    "application_move",
    "application_note",
    "application_withdraw",
    "job_approve",
    "job_close",
    "job_create",
    "job_expire_due",
    "job_reject",
    "job_save_set",
    "job_submit",
    "job_update",
    "safe_download_name",
    "salary_in_usd_per_year",
    "skill_tags",
]
