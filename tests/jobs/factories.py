from __future__ import annotations

import io
import zipfile
from datetime import timedelta

import factory
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.utils import timezone

from apps.jobs.models import ApplicationStageChange, Job, JobApplication
from apps.jobs.services import salary_in_usd_per_year, skill_tags
from apps.profiles.services import skill_get_or_create
from tests.accounts.factories import UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_bytes(size: int | None = None) -> bytes:
    """A small valid PDF, padded (inside a PDF comment) to `size` bytes when given."""
    if size is None:
        return PDF_BYTES
    return PDF_BYTES + b"%" + b"x" * (size - len(PDF_BYTES) - 2) + b"\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def make_employer(**kwargs):
    user = UserFactory(**kwargs)
    user.user_permissions.add(Permission.objects.get(codename="post_job", content_type__app_label="jobs"))
    return type(user).objects.get(pk=user.pk)  # fresh instance: the permission cache is empty


class JobFactory(factory.django.DjangoModelFactory):
    """A published, open job unless told otherwise."""

    class Meta:
        model = Job
        skip_postgeneration_save = True

    posted_by = factory.LazyFunction(make_employer)
    title = factory.Sequence(lambda n: f"Backend Engineer {n}")
    company = "Paystack"
    location = "Lagos, Nigeria"
    location_type = Job.LocationType.HYBRID
    job_type = Job.JobType.FULL_TIME
    salary_min = 6_000_000
    salary_max = 9_000_000
    salary_currency = Job.Currency.NGN
    salary_period = Job.Period.YEAR
    salary_max_usd = factory.LazyAttribute(
        lambda o: salary_in_usd_per_year(
            amount=o.salary_max, currency=o.salary_currency, period=o.salary_period
        )
    )
    description = "Build **payments** infrastructure."
    requirements = "- 3 years of Python"
    how_to_apply = "Apply here with your CV."
    status = Job.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))

    @factory.post_generation
    def skills(obj, create, extracted, **kwargs):
        if not create or not extracted:
            return
        skills = [skill_get_or_create(name=name) for name in extracted]
        obj.skills.set(skills)
        obj.skill_tags = skill_tags(skills)
        obj.save(update_fields=["skill_tags"])


class JobApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobApplication
        skip_postgeneration_save = True

    job = factory.SubFactory(JobFactory)
    applicant = factory.SubFactory(UserFactory)
    full_name = factory.LazyAttribute(lambda o: o.applicant.get_full_name() or o.applicant.handle)
    email = factory.LazyAttribute(lambda o: o.applicant.email)
    cover_letter = "I would love to work on payments."
    cv = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="factory.pdf"))
    cv_kind = "pdf"
    cv_filename = "cv.pdf"

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            ApplicationStageChange.objects.create(
                application=obj, to_stage=obj.stage, changed_by=obj.applicant
            )
