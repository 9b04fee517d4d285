"""Reads for jobs, and the one access helper per object that every view goes through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from operator import attrgetter
from statistics import median

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page
from django.db import connection, transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.functional import cached_property

from apps.core.fragments import rows_for_cards
from apps.core.pagination import DEFAULT_PER_PAGE, RESULTS_CAP, CappedPaginator
from apps.core.permissions import has_permission, is_verified_staff
from apps.jobs.models import Job, JobApplication
from apps.profiles.models import Skill

# Fewer answered applications than this and a median would mislead.
MEDIAN_MIN_ANSWERED = 3


@dataclass(frozen=True)
class JobFilters:
    q: str = ""
    job_type: str = ""
    location_type: str = ""
    skills: tuple[str, ...] = ()
    min_salary: int | None = None
    currency: str = "NGN"
    sort: str = "newest"


def job_list_open(*, filters: JobFilters, user=None) -> QuerySet[Job]:
    """Open jobs matching `filters`, each annotated `is_saved` for `user`. Each row holds what
    the list shows of a drawn card (Job.CARD_ROW_FIELDS): `jobs_for_cards` reads the rest
    for the cards not drawn yet."""
    jobs = Job.objects.open().select_related(None)
    if filters.q:
        words = filters.q.split()[:8]
        for word in words:
            jobs = jobs.filter(
                Q(title__icontains=word) | Q(company__icontains=word) | Q(description__icontains=word)
            )
    if filters.job_type:
        jobs = jobs.filter(job_type=filters.job_type)
    if filters.location_type:
        jobs = jobs.filter(location_type=filters.location_type)
    # Every chosen skill is required: one join per skill keeps each row unique.
    for key in filters.skills:
        jobs = jobs.filter(skills__key=key)
    if filters.min_salary:
        rate = settings.JOBS_USD_RATES.get(filters.currency, 1.0)
        jobs = jobs.filter(salary_max_usd__gte=int(filters.min_salary * rate))
    if filters.sort == "salary":
        jobs = jobs.order_by("-salary_max_usd", "-published_at", "-pk")
    else:
        jobs = jobs.order_by("-published_at", "-pk")
    if user is not None:
        jobs = jobs.with_saved_by(user)
    return jobs.only(*Job.CARD_ROW_FIELDS)


def jobs_for_cards(pks: list[int], *, user=None) -> QuerySet[Job]:
    """The rows of `pks` with what their cards show (jobs/_job_cards.html)."""
    jobs = Job.objects.filter(pk__in=pks).defer(
        "description", "requirements", "how_to_apply", "rejection_reason"
    )
    return jobs if user is None else jobs.with_saved_by(user)


class _MatchesCountedPaginator(CappedPaginator):
    """A capped paginator told how many matches there are, up to one past the cap."""

    def __init__(self, object_list: QuerySet, per_page: int, *, matches: int):
        super().__init__(object_list, per_page)
        self._matches = matches

    @cached_property
    def _count_to_cap(self) -> int:
        return self._matches


def _text_match_ids(jobs: QuerySet[Job], *, limit: int) -> list[int]:
    """Up to `limit` ids of `jobs`, read through the trigram indexes.

    Each word is an `UPPER(col::text) LIKE` over three columns, the very expression the
    trigram indexes hold (migration 0002). PostgreSQL costs UPPER() on a 500-character
    description as cheaply as on a word, so for a common word it prefers reading the whole
    table with a LIMIT (30 ms at 20,000 jobs) over the indexes (a few ms, rechecking the
    candidates only): sequential scans are turned off for this one query."""
    ids = jobs.order_by().values_list("pk", flat=True)[:limit]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        try:
            return list(ids)
        finally:
            cursor.execute("SET LOCAL enable_seqscan = on")


def job_page(*, filters: JobFilters, user=None, page: str | None) -> Page:
    """A page of `job_list_open`, its matches counted up to RESULTS_CAP.

    With words to search on PostgreSQL the count reads the matching ids through the trigram
    indexes (`_text_match_ids`). The page itself is left to the planner: for a common word
    the newest matches are found at once in date order, for a rare one it takes the
    indexes by itself."""
    jobs = job_list_open(filters=filters, user=user)
    if not filters.q or connection.vendor != "postgresql":
        found = CappedPaginator(jobs, DEFAULT_PER_PAGE).get_page(page)
    else:
        matches = len(_text_match_ids(jobs, limit=RESULTS_CAP + 1))
        found = _MatchesCountedPaginator(jobs, DEFAULT_PER_PAGE, matches=matches).get_page(page)
    found.object_list = rows_for_cards(
        found.object_list,
        card="job-card",
        key=attrgetter("card_key"),
        load=partial(jobs_for_cards, user=user),
    )
    return found


def job_list_latest(*, limit: int = 3) -> list[Job]:
    """For the home page: the newest open jobs, one query."""
    return list(
        Job.objects.open()
        .order_by("-published_at", "-pk")
        .only(
            "id", "title", "company", "company_logo", "location", "location_type", "job_type", "salary_min",
            "salary_max", "salary_currency", "salary_period", "published_at", "skill_tags", "status",
            "expires_at", "updated_at",  # the card's version (jobs/_job_cards.html)
        )[:limit]
    )  # fmt: skip


SKILL_CHOICES_KEY = "jobs:skill-choices"
SKILL_CHOICES_TTL = 600


def skill_choices_for_filter() -> list[tuple[str, str]]:
    """Skills that at least one published job asks for, as (key, name): the filter's choices.

    Cached: at 20,000 jobs the read takes 3 to 170 ms depending on the plan PostgreSQL picks,
    and it would run on every list request. Publishing or unpublishing a listing drops the
    cache (skill_choices_invalidate), and so does expiry; bulk loads show within
    SKILL_CHOICES_TTL (a stale choice just lists no jobs)."""
    choices = cache.get(SKILL_CHOICES_KEY)
    if choices is None:
        used = Job.skills.through.objects.filter(job__status=Job.Status.PUBLISHED).values("skill_id")
        choices = list(Skill.objects.filter(pk__in=used).order_by("name").values_list("key", "name"))
        cache.set(SKILL_CHOICES_KEY, choices, SKILL_CHOICES_TTL)
    return choices


def skill_choices_invalidate() -> None:
    cache.delete(SKILL_CHOICES_KEY)


def job_list_saved(*, user) -> QuerySet[Job]:
    # A saved job that went back to draft for editing is hidden until it is published again.
    return (
        Job.objects.filter(saves__user=user, status__in=[Job.Status.PUBLISHED, Job.Status.EXPIRED])
        .order_by("-saves__created_at")
        .with_saved_by(user)
        .defer("description", "requirements", "how_to_apply")
    )


def job_list_posted(*, user) -> QuerySet[Job]:
    return (
        Job.objects.filter(posted_by=user)
        .annotate(application_count=Count("applications"))
        .defer("description", "requirements", "how_to_apply")
        .order_by("-created_at")
    )


def job_list_for_review() -> QuerySet[Job]:
    return Job.objects.filter(status=Job.Status.SUBMITTED).select_related("posted_by").order_by("updated_at")


def employer_median_response(*, employer_id: int | None) -> timedelta | None:
    """How long the employer usually takes to first answer an application (last 101
    answered), or None until MEDIAN_MIN_ANSWERED have been answered."""
    if employer_id is None:
        return None
    rows = list(
        JobApplication.objects.filter(job__posted_by_id=employer_id, responded_at__isnull=False)
        .order_by("-responded_at")
        .values_list("created_at", "responded_at")[:101]
    )
    if len(rows) < MEDIAN_MIN_ANSWERED:
        return None
    return timedelta(seconds=median((answered - applied).total_seconds() for applied, answered in rows))


def application_list_for_applicant(*, user) -> QuerySet[JobApplication]:
    return (
        JobApplication.objects.filter(applicant=user)
        .select_related("job")
        .prefetch_related("history")
        .order_by("-created_at")
    )


def application_list_for_job(*, job: Job, stage: str = "", q: str = "") -> QuerySet[JobApplication]:
    applications = JobApplication.objects.filter(job=job).select_related("applicant")
    if stage:
        applications = applications.filter(stage=stage)
    if q:
        applications = applications.filter(
            Q(full_name__icontains=q) | Q(skills__icontains=q) | Q(cover_letter__icontains=q)
        )
    return applications.prefetch_related("history").order_by("-created_at")


# --- Access helpers ------------------------------------------------------------------------


def can_post_jobs(user) -> bool:
    return is_verified_staff(user) or has_permission(user, "jobs.post_job")


def job_get_for_view(*, user, pk: int) -> Job:
    """Open jobs for everyone; any other state only for its employer and staff (a preview)."""
    job = Job.objects.select_related("posted_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    if job.status in (Job.Status.PUBLISHED, Job.Status.EXPIRED):
        return job  # an expired one is shown as closed, so old links explain themselves
    if user.is_authenticated and (job.posted_by_id == user.pk or is_verified_staff(user)):
        return job
    raise Http404


def is_job_employer(user, job: Job) -> bool:
    """The employer who posted the listing, while they still hold the permission to post."""
    return user.is_authenticated and job.posted_by_id == user.pk and has_permission(user, "jobs.post_job")


def can_manage_job(user, job: Job) -> bool:
    """Who runs a listing and its pipeline: its employer, or staff (who passed two factors)."""
    return is_verified_staff(user) or is_job_employer(user, job)


def job_get_for_manage(*, user, pk: int) -> Job:
    job = Job.objects.filter(pk=pk).first()
    if job is None or not can_manage_job(user, job):
        raise Http404
    return job


def job_get_for_review(*, pk: int) -> Job:
    job = Job.objects.select_related("posted_by").filter(pk=pk).first()
    if job is None:
        raise Http404
    return job


def application_get_for_applicant(*, user, pk: int) -> JobApplication:
    application = JobApplication.objects.select_related("job").filter(pk=pk, applicant_id=user.pk).first()
    if application is None:
        raise Http404
    return application


def application_get_for_employer(*, user, pk: int) -> JobApplication:
    application = JobApplication.objects.select_related("job", "applicant").filter(pk=pk).first()
    if application is None:
        raise Http404
    job_get_for_manage(user=user, pk=application.job_id)
    return application


def application_get_for_cv(*, user, pk: int) -> JobApplication:
    """The CV is for the applicant and the job's employer only (not staff, and not an
    employer who lost the right to post jobs); anyone else gets a 404 (not a 403, which would
    confirm the application exists)."""
    application = JobApplication.objects.select_related("job").filter(pk=pk).first()
    if application is None or not user.is_authenticated:
        raise Http404
    if application.applicant_id == user.pk or is_job_employer(user, application.job):
        return application
    raise Http404


PROFILE_LINK_FIELDS = ("portfolio_url", "github_url", "linkedin_url", "website_url", "x_url")


def application_initial(*, user) -> dict[str, str]:
    """What the apply form starts with: the member's name and email, and the links and
    skills from their profile (read only; the profile app owns it)."""
    from apps.profiles.models import Profile

    initial = {"full_name": user.get_full_name() or user.handle, "email": user.email}
    profile = Profile.objects.filter(user=user).prefetch_related("skills").first()
    if profile is not None:
        links = [getattr(profile, name) for name in PROFILE_LINK_FIELDS if getattr(profile, name)]
        initial["links"] = "\n".join(links)
        initial["skills"] = ", ".join(skill.name for skill in profile.skills.all())[:300]
    return initial
