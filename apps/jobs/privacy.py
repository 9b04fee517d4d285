"""What the jobs app holds about a member: export it, or erase it."""

from __future__ import annotations

from django.db import transaction

from apps.jobs.models import Job, JobApplication, SavedJob
from apps.jobs.services import application_delete_with_cv


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export_member_data(user) -> dict:
    applications = (
        JobApplication.objects.filter(applicant=user).select_related("job").prefetch_related("history")
    )
    return {
        "applications": [
            {
                "job": a.job.title,
                "company": a.job.company,
                "full_name": a.full_name,
                "email": a.email,
                "links": a.links,
                "skills": a.skills,
                "cover_letter": a.cover_letter,
                "cv_filename": a.cv_filename,
                "stage": a.stage,
                "applied_at": _iso(a.created_at),
                "history": [
                    {"from": h.from_stage, "to": h.to_stage, "reason": h.reason, "at": _iso(h.created_at)}
                    for h in a.history.all()
                ],
            }
            for a in applications
        ],
        "saved_jobs": [
            {"job": s.job.title, "company": s.job.company, "saved_at": _iso(s.created_at)}
            for s in SavedJob.objects.filter(user=user).select_related("job")
        ],
        "posted_jobs": [
            {
                "title": j.title,
                "company": j.company,
                "status": j.status,
                "created_at": _iso(j.created_at),
                "published_at": _iso(j.published_at),
            }
            for j in Job.objects.filter(posted_by=user)
        ],
    }


@transaction.atomic
def erase_member_data(user) -> None:
    """Delete the member's applications with their CV files and their saved jobs. Listings
    they posted stay (they belong to the company) but no longer point at them."""
    for application in JobApplication.objects.filter(applicant=user):
        application_delete_with_cv(application=application)
    SavedJob.objects.filter(user=user).delete()
    Job.objects.filter(posted_by=user).update(posted_by=None)
