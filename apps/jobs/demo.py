"""Demo jobs: Nigerian and remote companies with realistic salaries, a few listings in each
moderation state, and applications at every pipeline stage (small only).

Idempotent: jobs are counted per demo employer and only the missing ones are added."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from apps.core.uploads import generated_name
from apps.jobs.models import ApplicationStageChange, Job, JobApplication
from apps.jobs.services import salary_in_usd_per_year, skill_tags
from apps.profiles.models import Skill
from apps.profiles.services import skill_get_or_create

SIZES = {"small": 60, "large": 20_000}
BATCH = 2_000
EMPLOYERS = 8

# (company, location, location type, remote-friendly currency)
NIGERIAN = [
    ("Paystack", "Lagos, Nigeria"), ("Flutterwave", "Lagos, Nigeria"), ("Moniepoint", "Lagos, Nigeria"),
    ("Kuda", "Lagos, Nigeria"), ("Interswitch", "Lagos, Nigeria"), ("PiggyVest", "Lagos, Nigeria"),
    ("Cowrywise", "Lagos, Nigeria"), ("Helium Health", "Lagos, Nigeria"), ("Bumpa", "Lagos, Nigeria"),
    ("Termii", "Lagos, Nigeria"), ("Sabi", "Abuja, Nigeria"), ("Carbon", "Lagos, Nigeria"),
    ("Ogbomoso Tech Hub", "Ogbomoso, Nigeria"), ("Ibadan Digital", "Ibadan, Nigeria"),
    ("Konga", "Lagos, Nigeria"), ("Semicolon Africa", "Lagos, Nigeria"),
]  # fmt: skip
REMOTE = [
    ("GitLab", "Remote (EMEA time zones)"), ("Automattic", "Remote (anywhere)"), ("Deel", "Remote (Africa)"),
    ("Andela", "Remote (Africa)"), ("Zapier", "Remote (UTC-1 to UTC+3)"), ("Canonical", "Remote (anywhere)"),
    ("Elastic", "Remote (EMEA)"), ("Toptal", "Remote (anywhere)"),
]  # fmt: skip

# (title, job type, [(skill, category)], NGN monthly base, USD yearly base)
ROLES = [
    ("Backend Engineer", [("Python", "language"), ("Django", "framework"), ("PostgreSQL", "data")], 900_000, 60_000),
    ("Frontend Engineer", [("TypeScript", "language"), ("React", "framework"), ("Tailwind CSS", "framework")], 800_000, 55_000),
    ("Mobile Developer", [("Kotlin", "language"), ("Flutter", "framework"), ("Swift", "language")], 850_000, 58_000),
    ("Data Analyst", [("SQL", "data"), ("Python", "language"), ("Power BI", "data")], 600_000, 40_000),
    ("DevOps Engineer", [("AWS", "tool"), ("Docker", "tool"), ("Kubernetes", "tool"), ("Terraform", "tool")], 1_100_000, 75_000),
    ("Product Designer", [("Figma", "design"), ("User research", "design")], 700_000, 50_000),
    ("Product Manager", [("Product management", "business"), ("SQL", "data")], 1_000_000, 70_000),
    ("QA Engineer", [("Cypress", "tool"), ("Selenium", "tool"), ("JavaScript", "language")], 550_000, 42_000),
    ("Data Scientist", [("Python", "language"), ("Machine learning", "data"), ("pandas", "data")], 1_000_000, 72_000),
    ("Go Engineer", [("Go", "language"), ("gRPC", "framework"), ("PostgreSQL", "data")], 1_000_000, 70_000),
    ("Java Developer", [("Java", "language"), ("Spring Boot", "framework")], 850_000, 60_000),
    ("Full-stack Developer", [("JavaScript", "language"), ("Node.js", "framework"), ("React", "framework")], 800_000, 55_000),
    ("Technical Writer", [("Technical writing", "business"), ("Markdown", "tool")], 450_000, 38_000),
    ("Security Engineer", [("Security", "tool"), ("Linux", "tool"), ("Python", "language")], 1_200_000, 80_000),
]  # fmt: skip
LEVELS = [("Junior", 0.55), ("", 1.0), ("Senior", 1.6), ("Lead", 2.1)]

DESCRIPTION = """{company} is hiring {article} **{title}** to join a small team shipping products used by
millions of people across Africa.

## What you will do
- Design, build and run features end to end with {skills}.
- Review code, write tests and help teammates grow.
- Work closely with product and design; ship every week.

## What we offer
- A salary range published up front, paid {period}.
- Health insurance, a learning budget and a laptop.
- {arrangement}
"""
REQUIREMENTS = "- {experience}\n- Comfortable with {skills}\n- Clear written English"
# What each level asks for: an internship or a junior role never wants years of experience.
EXPERIENCE = {
    "Intern": ["No professional experience needed: a student or recent graduate is ideal"],
    "Junior": ["Up to a year of professional experience, or projects you can show"],
    "": ["2+ years of professional experience", "3+ years of professional experience"],
    "Senior": ["5+ years of professional experience"],
    "Lead": ["7+ years of professional experience, some of it leading a team"],
}
HOW_TO_APPLY = "Apply on DiceyTech with your CV and a short cover letter. We answer every application."
CV_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _employers(stdout) -> list:
    User = get_user_model()
    permission = Permission.objects.get(codename="post_job", content_type__app_label="jobs")
    employers = list(User.objects.filter(is_staff=False).order_by("pk")[:EMPLOYERS])
    demo = User.objects.filter(email="demo@example.com").first()
    if demo is not None and demo not in employers:
        employers.append(demo)
    for employer in employers:
        employer.user_permissions.add(permission)
    return employers


def _skills() -> dict[str, Skill]:
    skills: dict[str, Skill] = {}
    for _title, role_skills, _ngn, _usd in ROLES:
        for name, category in role_skills:
            if name not in skills:
                skills[name] = skill_get_or_create(name=name, category=category)
    return skills


def _job(rng: random.Random, n: int, employer, skills: dict[str, Skill], now) -> tuple[Job, list[Skill]]:
    title, role_skills, ngn_month, usd_year = rng.choice(ROLES)
    level, factor = rng.choice(LEVELS)
    remote = rng.random() < 0.35
    if remote:
        company, location = rng.choice(REMOTE)
        location_type = Job.LocationType.REMOTE
        currency, period = Job.Currency.USD, Job.Period.YEAR
        low = round(usd_year * factor * rng.uniform(0.85, 1.1), -3)
        high = round(low * rng.uniform(1.2, 1.5), -3)
    else:
        company, location = rng.choice(NIGERIAN)
        location_type = rng.choice(
            [Job.LocationType.ON_SITE, Job.LocationType.HYBRID, Job.LocationType.REMOTE]
        )
        if location_type == Job.LocationType.REMOTE:
            location = "Remote (Nigeria)"
        currency, period = Job.Currency.NGN, Job.Period.MONTH
        low = round(ngn_month * factor * rng.uniform(0.85, 1.1), -4)
        high = round(low * rng.uniform(1.25, 1.6), -4)
    job_type = rng.choices(
        [Job.JobType.FULL_TIME, Job.JobType.CONTRACT, Job.JobType.PART_TIME, Job.JobType.INTERNSHIP],
        weights=[75, 12, 6, 7],
    )[0]
    if job_type == Job.JobType.INTERNSHIP:
        level, low, high = "Intern", round(low * 0.3, -3), round(high * 0.3, -3)
    full_title = f"{level} {title}".strip()
    chosen = [skills[name] for name, _ in role_skills]
    roll = rng.random()
    status = (
        Job.Status.PUBLISHED if roll < 0.86 else
        Job.Status.EXPIRED if roll < 0.92 else
        Job.Status.SUBMITTED if roll < 0.96 else Job.Status.DRAFT
    )  # fmt: skip
    published_at = expires_at = None
    if status == Job.Status.PUBLISHED:
        published_at = now - timedelta(minutes=rng.randint(5, 29 * 24 * 60))
        expires_at = published_at + timedelta(days=30)
    elif status == Job.Status.EXPIRED:
        published_at = now - timedelta(days=rng.randint(31, 120))
        expires_at = published_at + timedelta(days=30)
    skill_text = ", ".join(skill.name for skill in chosen)
    if location_type == Job.LocationType.REMOTE:
        arrangement = "Fully remote, with a yearly team meetup."
    elif location_type == Job.LocationType.HYBRID:
        arrangement = f"Work from our {location.split(',')[0]} office three days a week."
    else:
        arrangement = f"Work from our {location.split(',')[0]} office."
    job = Job(
        posted_by=employer,
        title=full_title,
        company=company,
        location=location,
        location_type=location_type,
        job_type=job_type,
        salary_min=int(low),
        salary_max=int(high),
        salary_currency=currency,
        salary_period=period,
        salary_max_usd=salary_in_usd_per_year(amount=int(high), currency=currency, period=period),
        description=DESCRIPTION.format(
            article="an" if full_title[0].lower() in "aeiou" else "a",
            company=company,
            title=full_title,
            skills=skill_text,
            period="monthly" if period == Job.Period.MONTH else "yearly",
            arrangement=arrangement,
        ),
        requirements=REQUIREMENTS.format(experience=rng.choice(EXPERIENCE[level]), skills=skill_text),
        how_to_apply=HOW_TO_APPLY,
        skill_tags=skill_tags(chosen),
        status=status,
        published_at=published_at,
        expires_at=expires_at,
        created_at=(published_at or now) - timedelta(days=1),
    )
    return job, chosen


def _applications(rng: random.Random, jobs: list[Job], stdout) -> None:
    User = get_user_model()
    employer_ids = {job.posted_by_id for job in jobs}
    applicants = list(User.objects.exclude(pk__in=employer_ids).filter(is_staff=False).order_by("pk")[:40])
    open_jobs = [job for job in jobs if job.status == Job.Status.PUBLISHED]
    stages = ["pending", "pending", "reviewed", "interviewed", "accepted", "rejected"]
    path = {
        "pending": [], "reviewed": ["reviewed"], "interviewed": ["reviewed", "interviewed"],
        "accepted": ["reviewed", "interviewed", "accepted"], "rejected": ["reviewed", "rejected"],
    }  # fmt: skip
    now = timezone.now()
    for index, member in enumerate(applicants):
        job = open_jobs[index % len(open_jobs)] if open_jobs else None
        if job is None or JobApplication.objects.filter(job=job, applicant=member).exists():
            continue
        stage = rng.choice(stages)
        applied = now - timedelta(days=rng.randint(2, 20))
        application = JobApplication(
            job=job, applicant=member, full_name=member.get_full_name() or member.handle, email=member.email,
            cover_letter="I have shipped similar products and would love to help your team.",
            cv_kind="pdf", cv_filename="cv.pdf", stage=stage, created_at=applied,
            rejection_reason="We went with a candidate with more fintech experience." if stage == "rejected" else "",
            responded_at=applied + timedelta(hours=rng.randint(4, 96)) if stage != "pending" else None,
        )  # fmt: skip
        application.cv.save(generated_name(folder="", extension="pdf"), ContentFile(CV_PDF), save=False)
        application.save()
        history = [ApplicationStageChange(application=application, to_stage="pending", created_at=applied)]
        previous = "pending"
        for step, next_stage in enumerate(path[stage], start=1):
            history.append(
                ApplicationStageChange(
                    application=application,
                    from_stage=previous,
                    to_stage=next_stage,
                    changed_by_id=job.posted_by_id,
                    created_at=applied + timedelta(days=step),
                    reason=application.rejection_reason if next_stage == "rejected" else "",
                )
            )
            previous = next_stage
        ApplicationStageChange.objects.bulk_create(history)


def seed(*, size: str, stdout) -> None:
    target = SIZES[size]
    employers = _employers(stdout)
    if not employers:
        stdout.write("jobs: no members yet, skipped")
        return
    existing = Job.objects.filter(posted_by__in=employers).count()
    missing = target - existing
    if missing <= 0:
        stdout.write(f"jobs: {existing} demo jobs already there")
        return
    rng = random.Random(7 + existing)
    skills = _skills()
    now = timezone.now()
    Through = Job.skills.through
    created: list[Job] = []
    for start in range(0, missing, BATCH):
        with transaction.atomic():
            pairs = [
                _job(rng, existing + start + i, employers[(start + i) % len(employers)], skills, now)
                for i in range(min(BATCH, missing - start))
            ]
            jobs = Job.objects.bulk_create([job for job, _ in pairs])
            Through.objects.bulk_create(
                [
                    Through(job_id=job.pk, skill_id=skill.pk)
                    for job, (_, chosen) in zip(jobs, pairs, strict=True)
                    for skill in chosen
                ]
            )
            created.extend(jobs if size == "small" else [])
    if size == "small" and created:
        with transaction.atomic():
            _applications(rng, created, stdout)
    _analyze()
    stdout.write(f"jobs: added {missing} jobs")


def _analyze() -> None:
    """Refresh PostgreSQL's statistics after a bulk insert. Until autovacuum gets round to it the
    planner believes the tables are nearly empty and picks plans that ignore the trigram
    indexes (measured right after `seed_demo --size large`: the list searching "python" took 271 ms
    instead of ~60 ms), so a benchmark run straight after seeding would mislead. The same goes
    for the rows still waiting in the trigram indexes' pending lists: every search reads them
    one by one, and the planner costs an index with 430 pending pages at 3,720 instead of 84,
    above reading the whole table (measured: a search matching nothing took 195 ms instead of
    2). They are merged into the indexes first."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for column in ("title", "company", "description"):
            cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [f"jobs_job_{column}_trgm"])
        cursor.execute("ANALYZE jobs_job, jobs_job_skills")
