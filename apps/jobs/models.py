from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils import timezone

from apps.core.links import row_url


class _PrivateStorage(Storage):
    """Stands for storages["private"], looked up on every use: Django calls a field's storage
    callable once at import, and a changed STORAGES setting (S3 in a test) must still apply."""

    def __getattribute__(self, name: str):
        return getattr(storages["private"], name)


def _private_storage() -> Storage:
    return _PrivateStorage()


class JobQuerySet(models.QuerySet):
    def open(self) -> JobQuerySet:
        """Published and not past their expiry: what members can see and apply to."""
        return self.filter(status=Job.Status.PUBLISHED, expires_at__gt=timezone.now())

    def with_saved_by(self, user) -> JobQuerySet:
        """Annotate `is_saved` for `user` in the same query (False for visitors)."""
        if not user.is_authenticated:
            return self.annotate(is_saved=models.Value(False, output_field=models.BooleanField()))
        saved = SavedJob.objects.filter(job=models.OuterRef("pk"), user=user)
        return self.annotate(is_saved=models.Exists(saved))


class Job(models.Model):
    """A job listing. Lifecycle: draft → submitted → published (approved by staff) or
    rejected with a reason; published jobs expire after JOBS_LISTING_DAYS and can be
    submitted again."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting review"
        PUBLISHED = "published", "Published"
        REJECTED = "rejected", "Rejected"
        EXPIRED = "expired", "Expired"

    class JobType(models.TextChoices):
        FULL_TIME = "full-time", "Full-time"
        PART_TIME = "part-time", "Part-time"
        CONTRACT = "contract", "Contract"
        INTERNSHIP = "internship", "Internship"

    class LocationType(models.TextChoices):
        REMOTE = "remote", "Remote"
        ON_SITE = "on-site", "On-site"
        HYBRID = "hybrid", "Hybrid"

    class Currency(models.TextChoices):
        NGN = "NGN", "NGN (₦)"
        USD = "USD", "USD ($)"
        EUR = "EUR", "EUR (€)"
        GBP = "GBP", "GBP (£)"

    class Period(models.TextChoices):
        YEAR = "year", "per year"
        MONTH = "month", "per month"

    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs_posted"
    )
    title = models.CharField(max_length=120)
    company = models.CharField(max_length=100)
    company_url = models.URLField(blank=True)
    company_logo = models.ImageField(upload_to="jobs/logos/", blank=True)
    location = models.CharField(max_length=100, help_text="City and country, or the time zones you hire in.")
    location_type = models.CharField(max_length=10, choices=LocationType.choices)
    job_type = models.CharField(max_length=12, choices=JobType.choices)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    salary_currency = models.CharField(max_length=3, choices=Currency.choices, default=Currency.NGN)
    salary_period = models.CharField(max_length=5, choices=Period.choices, default=Period.YEAR)
    # The top of the range as a yearly amount in US dollars (JOBS_USD_RATES), kept by the
    # services so jobs in different currencies sort and filter together.
    salary_max_usd = models.PositiveIntegerField(null=True, blank=True, editable=False)
    description = models.TextField(help_text="Markdown.")
    requirements = models.TextField(blank=True, help_text="Markdown.")
    how_to_apply = models.TextField(blank=True, help_text="Markdown.")
    skills = models.ManyToManyField("profiles.Skill", blank=True, related_name="jobs")
    # [{"key": …, "name": …}] copied from `skills` by the services: list pages show skills
    # without a query per page.
    skill_tags = models.JSONField(default=list, blank=True, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    rejection_reason = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        permissions = [("post_job", "Can post jobs")]
        indexes = [
            # The list: open jobs newest first, and by salary; filters narrow these.
            models.Index(fields=["status", "-published_at"], name="jobs_status_published_idx"),
            models.Index(fields=["status", "-salary_max_usd"], name="jobs_status_salary_idx"),
            models.Index(fields=["status", "job_type", "-published_at"], name="jobs_status_type_idx"),
            models.Index(fields=["status", "location_type", "-published_at"], name="jobs_status_loc_idx"),
            models.Index(fields=["status", "expires_at"], name="jobs_status_expires_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="jobs_job_salary_range_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} at {self.company}"

    def get_absolute_url(self) -> str:
        return row_url("jobs:job-detail", self.pk)

    @property
    def is_open(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )

    # What a list reads of a row whose card (jobs/_job_cards.html) is already drawn: the
    # card's key and its last line, drawn per request.
    CARD_ROW_FIELDS = ("id", "updated_at", "status", "expires_at", "published_at")

    @property
    def card_key(self) -> tuple:
        """The card is drawn once per web process under this key (apps.core.fragments);
        `is_open` moves with the clock."""
        return (self.pk, self.updated_at, self.is_open)


class SavedJob(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_jobs")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="saves")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "job"], name="jobs_savedjob_unique")]
        indexes = [models.Index(fields=["user", "-created_at"], name="jobs_saved_user_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} saved {self.job_id}"


class JobApplication(models.Model):
    class Stage(models.TextChoices):
        PENDING = "pending", "Pending"
        REVIEWED = "reviewed", "Reviewed"
        INTERVIEWED = "interviewed", "Interviewed"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_applications"
    )
    full_name = models.CharField(max_length=150)
    email = models.EmailField()
    links = models.TextField(blank=True, help_text="Portfolio, GitHub, LinkedIn: one per line.")
    skills = models.CharField(max_length=300, blank=True)
    cover_letter = models.TextField()
    cv = models.FileField(storage=_private_storage, upload_to="jobs/cv/", max_length=200)
    cv_kind = models.CharField(max_length=4)  # "pdf" or "docx", judged from the bytes
    cv_filename = models.CharField(max_length=120)  # the download name, already made safe
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.PENDING)
    notes = models.TextField(blank=True, help_text="Private to the employer.")
    rejection_reason = models.TextField(blank=True)
    # When the employer first moved it out of "pending": the median response time.
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "applicant"], name="jobs_application_one_per_member"),
        ]
        indexes = [
            models.Index(fields=["job", "stage", "-created_at"], name="jobs_app_job_stage_idx"),
            models.Index(fields=["applicant", "-created_at"], name="jobs_app_applicant_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} → {self.job_id}"

    @property
    def is_final(self) -> bool:
        return self.stage in FINAL_STAGES

    @property
    def next_stages(self) -> list[tuple[str, str]]:
        return [(stage, JobApplication.Stage(stage).label) for stage in STAGE_MOVES[self.stage]]


FINAL_STAGES = {JobApplication.Stage.ACCEPTED, JobApplication.Stage.REJECTED, JobApplication.Stage.WITHDRAWN}

_Stage = JobApplication.Stage
# Where the employer may move an application from each stage.
STAGE_MOVES: dict[str, tuple[str, ...]] = {
    _Stage.PENDING: (_Stage.REVIEWED, _Stage.INTERVIEWED, _Stage.REJECTED),
    _Stage.REVIEWED: (_Stage.INTERVIEWED, _Stage.ACCEPTED, _Stage.REJECTED),
    _Stage.INTERVIEWED: (_Stage.ACCEPTED, _Stage.REJECTED),
    _Stage.ACCEPTED: (),
    _Stage.REJECTED: (),
    _Stage.WITHDRAWN: (),
}


class ApplicationStageChange(models.Model):
    """One row per stage change: the history the applicant and the employer see."""

    application = models.ForeignKey(JobApplication, on_delete=models.CASCADE, related_name="history")
    from_stage = models.CharField(max_length=12, choices=JobApplication.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=JobApplication.Stage.choices)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_stage or 'new'} → {self.to_stage}"
