from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError

from apps.core.uploads import LOGO, validate_document_upload, validate_image_upload
from apps.jobs.models import STAGE_MOVES, Job, JobApplication
from apps.jobs.selectors import JobFilters
from apps.jobs.services import ApplicationData, JobData

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SORT_CHOICES = [("newest", "Newest"), ("salary", "Highest salary")]
MAX_JOB_SKILLS = 12
# Path separators, markup and control characters have no place in a file name we show.
_HOSTILE_NAME = re.compile(r"[/\\<>\"'`&\x00-\x1f]|\.\.")


def _blank(choices) -> list[tuple[str, str]]:
    return [("", "Any"), *choices]


class JobFilterForm(forms.Form):
    """The GET form above the list. Bad values are dropped, never an error page."""

    q = forms.CharField(label="Search", required=False, max_length=100)
    type = forms.ChoiceField(label="Job type", required=False, choices=_blank(Job.JobType.choices))
    location = forms.ChoiceField(label="Where", required=False, choices=_blank(Job.LocationType.choices))
    skill = forms.MultipleChoiceField(label="Skills", required=False)
    min_salary = forms.IntegerField(
        label="Minimum salary (per year)", required=False, min_value=0, max_value=10**10
    )
    currency = forms.ChoiceField(label="Currency", required=False, choices=Job.Currency.choices)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORT_CHOICES)

    def __init__(self, *args, skill_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = skill_choices

    def to_filters(self) -> JobFilters:
        self.is_valid()
        data = {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
        return JobFilters(
            q=(data.get("q") or "").strip(),
            job_type=data.get("type") or "",
            location_type=data.get("location") or "",
            skills=tuple(data.get("skill") or ()),
            min_salary=data.get("min_salary"),
            currency=data.get("currency") or Job.Currency.NGN,
            sort=data.get("sort") or "newest",
        )


class JobForm(forms.Form):
    title = forms.CharField(max_length=120)
    company = forms.CharField(max_length=100)
    company_url = forms.URLField(label="Company website", required=False, assume_scheme="https")
    company_logo = forms.FileField(
        label="Company logo", required=False, help_text="Optional. JPEG, PNG, WebP or GIF, 2 MB at most.",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )  # fmt: skip
    remove_logo = forms.BooleanField(label="Remove the current logo", required=False)
    location = forms.CharField(max_length=100, help_text="City and country, or the time zones you hire in.")
    location_type = forms.ChoiceField(label="Location type", choices=Job.LocationType.choices)
    job_type = forms.ChoiceField(label="Job type", choices=Job.JobType.choices)
    salary_min = forms.IntegerField(
        label="Salary from", required=False, min_value=0, max_value=2_000_000_000,
        help_text="A salary range is required before the listing can be submitted for review.",
    )  # fmt: skip
    salary_max = forms.IntegerField(label="Salary to", required=False, min_value=0, max_value=2_000_000_000)
    salary_currency = forms.ChoiceField(label="Currency", choices=Job.Currency.choices)
    salary_period = forms.ChoiceField(label="Paid", choices=Job.Period.choices)
    skills = forms.CharField(
        label="Required skills", required=False, max_length=600,
        help_text="Comma-separated, e.g. Python, Django, PostgreSQL.",
    )  # fmt: skip
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}), max_length=20_000, help_text="Markdown."
    )
    requirements = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=10_000, help_text="Markdown."
    )
    how_to_apply = forms.CharField(
        label="How to apply", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5_000,
        help_text="Markdown. Members apply on this site with a CV; add anything else they should know.",
    )  # fmt: skip

    def __init__(self, *args, has_logo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not has_logo:
            del self.fields["remove_logo"]

    @classmethod
    def initial_for(cls, job: Job) -> dict:
        fields = [name for name in cls.base_fields if name not in ("company_logo", "remove_logo", "skills")]
        initial = {name: getattr(job, name) for name in fields}
        initial["skills"] = ", ".join(tag["name"] for tag in job.skill_tags)
        return initial

    def clean_company_logo(self):
        upload = self.cleaned_data.get("company_logo")
        if not upload:
            return None
        return validate_image_upload(upload, max_bytes=settings.JOBS_LOGO_MAX_BYTES, kind=LOGO)

    def clean_skills(self) -> list[str]:
        names = [name.strip() for name in self.cleaned_data["skills"].split(",") if name.strip()]
        if len(names) > MAX_JOB_SKILLS:
            raise ValidationError(f"List {MAX_JOB_SKILLS} skills at most.")
        if any(len(name) > 50 for name in names):
            raise ValidationError("Each skill can be 50 characters at most.")
        return names

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_min", "The minimum salary is above the maximum.")
        elif (low is None) != (high is None):
            self.add_error(
                "salary_max" if high is None else "salary_min", "Give both ends of the salary range."
            )
        return cleaned

    def to_data(self) -> JobData:
        data = self.cleaned_data
        return JobData(
            title=data["title"], company=data["company"], company_url=data["company_url"],
            location=data["location"], location_type=data["location_type"], job_type=data["job_type"],
            salary_min=data["salary_min"], salary_max=data["salary_max"],
            salary_currency=data["salary_currency"], salary_period=data["salary_period"],
            description=data["description"], requirements=data["requirements"],
            how_to_apply=data["how_to_apply"],
            skill_names=data["skills"],
        )  # fmt: skip


class ApplicationForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email")
    links = forms.CharField(
        label="Links", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Portfolio, GitHub, LinkedIn: one per line.",
    )  # fmt: skip
    skills = forms.CharField(label="Your skills", required=False, max_length=300)
    cover_letter = forms.CharField(
        label="Cover letter", max_length=10_000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Why you, and why this job.",
    )  # fmt: skip
    cv = forms.FileField(
        label="CV",
        help_text="PDF or Word (.docx), 5 MB at most.",
        # A hint for the phone's file picker only: the server judges the file by its bytes.
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf," + DOCX_TYPE}),
    )

    def clean_cv(self):
        upload = self.cleaned_data["cv"]
        name = upload.name or ""
        if _HOSTILE_NAME.search(name) or len(name) > 200:
            raise ValidationError(
                "Rename the file to plain letters and numbers (no folders, quotes or < >) and upload it again.",
                code="bad_name",
            )
        self.cv_kind = validate_document_upload(
            upload, max_bytes=settings.JOBS_CV_MAX_BYTES, kinds={"pdf", "docx"}
        )
        return upload

    def to_data(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            full_name=data["full_name"], email=data["email"], links=data["links"], skills=data["skills"],
            cover_letter=data["cover_letter"], cv=data["cv"], cv_kind=self.cv_kind,
        )  # fmt: skip


class StageMoveForm(forms.Form):
    stage = forms.ChoiceField(label="Move to")
    reason = forms.CharField(
        label="Reason (sent to the applicant when rejecting)", required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, application: JobApplication, **kwargs):
        super().__init__(*args, **kwargs)
        moves = STAGE_MOVES.get(application.stage, ())
        self.fields["stage"].choices = [(s, JobApplication.Stage(s).label) for s in moves]


class NotesForm(forms.Form):
    notes = forms.CharField(
        label="Notes (only you see these)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PipelineFilterForm(forms.Form):
    stage = forms.ChoiceField(label="Stage", required=False, choices=_blank(JobApplication.Stage.choices))
    q = forms.CharField(label="Search applicants", required=False, max_length=100)

    def values(self) -> tuple[str, str]:
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return data.get("stage") or "", (data.get("q") or "").strip()


class RejectJobForm(forms.Form):
    reason = forms.CharField(
        label="Reason (sent to the employer)", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
