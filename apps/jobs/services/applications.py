"""Applications: applying with a CV, the employer's pipeline, withdrawing and deleting."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.uploads import generated_name
from apps.jobs.models import FINAL_STAGES, STAGE_MOVES, ApplicationStageChange, Job, JobApplication
from apps.jobs.services.listings import absolute_url
from apps.mailer.services import email_enqueue
from apps.notifications.services import notify

Stage = JobApplication.Stage
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")


def safe_download_name(*, original: str, kind: str) -> str:
    """A file name safe for Content-Disposition: no path, no markup, ASCII, right extension."""
    base = original.replace("\\", "/").rsplit("/", 1)[-1]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = _UNSAFE_NAME.sub("", stem).strip(" .-")[:80] or "cv"
    return f"{stem}.{kind}"


@dataclass
class ApplicationData:
    full_name: str
    email: str
    cover_letter: str
    cv: UploadedFile
    cv_kind: str
    links: str = ""
    skills: str = ""


@transaction.atomic
def application_create(*, job: Job, applicant, data: ApplicationData) -> JobApplication:
    job = Job.objects.select_for_update().get(pk=job.pk)
    if not job.is_open:
        raise ValidationError("This job is no longer open for applications.")
    if job.posted_by_id == applicant.pk:
        raise ValidationError("You cannot apply to your own listing.")
    if JobApplication.objects.filter(job=job, applicant=applicant).exists():
        raise ValidationError("You have already applied to this job.", code="duplicate")
    application = JobApplication(
        job=job,
        applicant=applicant,
        full_name=data.full_name,
        email=data.email,
        links=data.links,
        skills=data.skills,
        cover_letter=data.cover_letter,
        cv_kind=data.cv_kind,
        cv_filename=safe_download_name(original=data.cv.name or "", kind=data.cv_kind),
    )
    # Stored under a generated name: nothing from the uploaded name reaches the storage path.
    name = generated_name(folder="", extension=data.cv_kind)
    data.cv.seek(0)
    application.cv.save(name, data.cv, save=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        application.cv.delete(save=False)
        raise ValidationError("You have already applied to this job.", code="duplicate") from exc
    ApplicationStageChange.objects.create(
        application=application, to_stage=Stage.PENDING, changed_by=applicant
    )
    if job.posted_by is not None:
        notify(
            recipient=job.posted_by,
            kind="job_application",
            verb=f"applied to {job.title}",
            actor=applicant,
            target=application,
            url=reverse("jobs:pipeline", args=[job.pk]),
        )
    email_enqueue(
        to=application.email,
        template="jobs/application_received",
        context={
            "name": application.full_name,
            "title": job.title,
            "company": job.company,
            "url": absolute_url(reverse("jobs:application-list")),
        },
        key=f"job-application-received:{application.pk}",
        related=application,
    )
    return application


@transaction.atomic
def application_move(*, application: JobApplication, to_stage: str, by, reason: str = "") -> JobApplication:
    """The employer moves an application along the pipeline; the applicant is emailed."""
    application = JobApplication.objects.select_for_update().select_related("job").get(pk=application.pk)
    from_stage = application.stage
    if to_stage not in STAGE_MOVES.get(from_stage, ()):
        raise ValidationError(
            f"An application that is {application.get_stage_display().lower()} cannot move to {to_stage}."
        )
    now = timezone.now()
    application.stage = to_stage
    application.rejection_reason = reason.strip() if to_stage == Stage.REJECTED else ""
    if application.responded_at is None:
        application.responded_at = now
    application.save(update_fields=["stage", "rejection_reason", "responded_at", "updated_at"])
    change = ApplicationStageChange.objects.create(
        application=application, from_stage=from_stage, to_stage=to_stage, changed_by=by,
        reason=application.rejection_reason, created_at=now,
    )  # fmt: skip
    job = application.job
    url = reverse("jobs:application-list")
    notify(
        recipient=application.applicant,
        kind="job_application",
        verb=f"moved your application for {job.title} to {application.get_stage_display().lower()}",
        target=application,
        url=url,
    )
    email_enqueue(
        to=application.email,
        template="jobs/stage_changed",
        context={
            "name": application.full_name,
            "title": job.title,
            "company": job.company,
            "stage": to_stage,
            "stage_label": application.get_stage_display(),
            "reason": application.rejection_reason,
            "url": absolute_url(url),
        },
        key=f"job-application-stage:{application.pk}:{change.pk}",
        related=application,
    )
    return application


@transaction.atomic
def application_note(*, application: JobApplication, notes: str) -> JobApplication:
    application.notes = notes.strip()
    application.save(update_fields=["notes", "updated_at"])
    return application


@transaction.atomic
def application_withdraw(*, application: JobApplication) -> JobApplication:
    application = (
        JobApplication.objects.select_for_update(of=("self",))
        .select_related("job__posted_by", "applicant")
        .get(pk=application.pk)
    )
    if application.stage in FINAL_STAGES:
        raise ValidationError("This application is already closed.")
    from_stage = application.stage
    application.stage = Stage.WITHDRAWN
    application.save(update_fields=["stage", "updated_at"])
    ApplicationStageChange.objects.create(
        application=application,
        from_stage=from_stage,
        to_stage=Stage.WITHDRAWN,
        changed_by=application.applicant,
    )
    job = application.job
    if job.posted_by is not None:
        notify(
            recipient=job.posted_by,
            kind="job_application",
            verb=f"withdrew their application for {job.title}",
            actor=application.applicant,
            target=application,
            url=reverse("jobs:pipeline", args=[job.pk]),
        )
    return application


def application_delete_with_cv(*, application: JobApplication) -> None:
    """Delete an application and its CV file (the file after the row is gone)."""
    cv = application.cv
    name = cv.name
    storage = cv.storage
    application.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))
