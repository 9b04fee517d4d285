"""Listings: posting and editing, the review by staff, closing and expiry; saved jobs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core import pagecache
from apps.core.membership import membership_set
from apps.core.permissions import has_permission, is_verified_staff
from apps.core.uploads import generated_name, reencode_within
from apps.jobs.models import Job, SavedJob
from apps.jobs.selectors import skill_choices_invalidate
from apps.mailer.services import email_enqueue
from apps.notifications.services import notify
from apps.profiles.services import skill_get_or_create


def absolute_url(path: str) -> str:
    """A path on this site as an address that works in an email."""
    return f"{settings.SITE_URL}{path}"


def salary_in_usd_per_year(*, amount: int | None, currency: str, period: str) -> int | None:
    if amount is None:
        return None
    yearly = amount * (12 if period == Job.Period.MONTH else 1)
    return round(yearly * settings.JOBS_USD_RATES.get(currency, 0))


def skill_tags(skills) -> list[dict[str, str]]:
    return [
        {"key": skill.key, "name": skill.name} for skill in sorted(skills, key=lambda s: s.name.casefold())
    ]


# --- Listings ----------------------------------------------------------------------------


@dataclass
class JobData:
    title: str
    company: str
    location: str
    location_type: str
    job_type: str
    description: str
    salary_min: int | None = None
    salary_max: int | None = None
    salary_currency: str = Job.Currency.NGN
    salary_period: str = Job.Period.YEAR
    requirements: str = ""
    how_to_apply: str = ""
    company_url: str = ""
    skill_names: list[str] = field(default_factory=list)


def _apply_data(job: Job, data: JobData) -> None:
    for name in (
        "title", "company", "location", "location_type", "job_type", "description", "salary_min",
        "salary_max", "salary_currency", "salary_period", "requirements", "how_to_apply", "company_url",
    ):  # fmt: skip
        setattr(job, name, getattr(data, name))
    if job.salary_min is not None and job.salary_max is not None and job.salary_min > job.salary_max:
        raise ValidationError({"salary_min": "The minimum salary is above the maximum."})
    job.salary_max_usd = salary_in_usd_per_year(
        amount=job.salary_max, currency=job.salary_currency, period=job.salary_period
    )


def _store_logo(job: Job, logo) -> None:
    """`logo` is the PIL image a form validated; it is re-encoded, so nothing of the upload
    (name, metadata, trailing bytes) is kept."""
    if job.company_logo:
        job.company_logo.delete(save=False)
    content = reencode_within(logo, max_width=256, max_height=256)
    job.company_logo.save(generated_name(folder="", extension="webp"), content, save=False)


def _save_with_skills(job: Job, data: JobData) -> Job:
    """Validate and save the listing and its skills; cards read the names kept on the row."""
    skills = [skill_get_or_create(name=name) for name in data.skill_names]
    job.skill_tags = skill_tags(skills)
    job.full_clean(exclude=["company_logo"])
    job.save()
    job.skills.set(skills)
    return job


@transaction.atomic
def job_create(*, author, data: JobData, logo=None) -> Job:
    if not (is_verified_staff(author) or has_permission(author, "jobs.post_job")):
        raise PermissionDenied
    job = Job(posted_by=author)
    _apply_data(job, data)
    if logo is not None:
        _store_logo(job, logo)
    return _save_with_skills(job, data)


@transaction.atomic
def job_update(*, job: Job, data: JobData, logo=None, remove_logo: bool = False) -> Job:
    """Edit a listing. Editing a published or rejected listing sends it back to draft, so
    what members see has always been reviewed."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    _apply_data(job, data)
    if remove_logo and job.company_logo:
        job.company_logo.delete(save=False)
    if logo is not None:
        _store_logo(job, logo)
    if job.status == Job.Status.PUBLISHED:
        transaction.on_commit(skill_choices_invalidate)
    if job.status in (Job.Status.PUBLISHED, Job.Status.REJECTED, Job.Status.SUBMITTED):
        job.status = Job.Status.DRAFT
    return _save_with_skills(job, data)


def _require_publishable(job: Job) -> None:
    errors = {}
    if job.salary_min is None or job.salary_max is None:
        errors["salary_min"] = "Give a salary range (minimum and maximum) before submitting: members need it."
    if not job.description.strip():
        errors["description"] = "Describe the job before submitting."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def job_submit(*, job: Job) -> Job:
    """Ask staff to review a draft, a rejected or an expired listing."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status not in (Job.Status.DRAFT, Job.Status.REJECTED, Job.Status.EXPIRED):
        raise ValidationError("Only a draft, rejected or expired listing can be submitted for review.")
    _require_publishable(job)
    job.status = Job.Status.SUBMITTED
    job.save(update_fields=["status", "updated_at"])
    return job


@transaction.atomic
def job_approve(*, job: Job, reviewer) -> Job:
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != Job.Status.SUBMITTED:
        raise ValidationError("Only a listing awaiting review can be approved.")
    _require_publishable(job)
    now = timezone.now()
    job.status = Job.Status.PUBLISHED
    job.rejection_reason = ""
    job.published_at = now
    job.expires_at = now + timedelta(days=settings.JOBS_LISTING_DAYS)
    job.save(update_fields=["status", "rejection_reason", "published_at", "expires_at", "updated_at"])
    transaction.on_commit(skill_choices_invalidate)
    _email_decision(job=job, approved=True, reviewer=reviewer)
    return job


@transaction.atomic
def job_reject(*, job: Job, reviewer, reason: str) -> Job:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why, so the employer can fix the listing."})
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != Job.Status.SUBMITTED:
        raise ValidationError("Only a listing awaiting review can be rejected.")
    job.status = Job.Status.REJECTED
    job.rejection_reason = reason
    job.save(update_fields=["status", "rejection_reason", "updated_at"])
    _email_decision(job=job, approved=False, reviewer=reviewer)
    return job


def _email_decision(*, job: Job, approved: bool, reviewer) -> None:
    if job.posted_by is None:
        return
    notify(
        recipient=job.posted_by,
        kind="moderation",
        actor=reviewer,
        verb="approved your job listing" if approved else "did not approve your job listing",
        target=job,
        url=reverse("jobs:job-manage", args=[job.pk]),
    )
    email_enqueue(
        to=job.posted_by.email,
        template="jobs/job_decision",
        context={
            "approved": approved,
            "name": job.posted_by.get_full_name() or job.posted_by.handle,
            "title": job.title,
            "company": job.company,
            "reason": job.rejection_reason,
            "expires_at": job.expires_at.isoformat() if job.expires_at else "",
            "expires_on": f"{timezone.localtime(job.expires_at):%-d %B %Y}" if job.expires_at else "",
            "url": absolute_url(reverse("jobs:job-manage", args=[job.pk])),
        },
        key=f"job-decision:{job.pk}:{job.status}:{job.updated_at.timestamp():.0f}",
        related=job,
    )


@transaction.atomic
def job_close(*, job: Job) -> Job:
    """The employer takes an open listing down early."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.status != Job.Status.PUBLISHED:
        raise ValidationError("Only a published listing can be closed.")
    job.status = Job.Status.EXPIRED
    job.expires_at = timezone.now()
    job.save(update_fields=["status", "expires_at", "updated_at"])
    transaction.on_commit(skill_choices_invalidate)
    return job


def job_expire_due(*, now: datetime | None = None) -> int:
    """Mark published listings past their expiry as expired (the periodic task)."""
    now = now or timezone.now()
    expired = Job.objects.filter(status=Job.Status.PUBLISHED, expires_at__lte=now).update(
        status=Job.Status.EXPIRED, updated_at=now
    )
    if expired:  # an UPDATE sends no signals: renew the board's pages and filter choices here
        pagecache.bump("jobs")
        transaction.on_commit(skill_choices_invalidate)
    return expired


# --- Saves ---------------------------------------------------------------------------------


def job_save_set(*, job: Job, user, saved: bool) -> bool:
    """Save the job for `user` or remove it from their saved jobs. Idempotent; returns whether
    anything changed."""
    return membership_set(SavedJob, on=saved, user=user, job=job)
