from __future__ import annotations

import re
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q

from apps.core.uploads import validate_document_upload
from apps.jobs.services import safe_download_name
from apps.learning.models import Course
from apps.programs.models import Cohort, Mission, Organization, Program, Review, ScheduleItem
from apps.programs.services import ApplicationData, SubmissionData, rubric_parse

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_HOSTILE_NAME = re.compile(r"[/\\<>\"'`&\x00-\x1f]|\.\.")
MAX_LINKS = 5


def clean_links(text: str) -> str:
    """One http(s) address per line, at most MAX_LINKS."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_LINKS:
        raise ValidationError(f"Give {MAX_LINKS} links at most.")
    check = URLValidator(schemes=["http", "https"])
    for line in lines:
        try:
            check(line)
        except ValidationError as exc:
            raise ValidationError(f"“{line[:60]}” is not a web address (http:// or https://).") from exc
    return "\n".join(lines)


class ApplicationForm(forms.Form):
    cohort = forms.ModelChoiceField(queryset=Cohort.objects.none(), empty_label=None, label="Cohort")
    motivation = forms.CharField(
        label="Why this program?", min_length=30, max_length=3000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What you want to learn or build, and what you bring. 30 to 3,000 characters.",
    )  # fmt: skip
    availability = forms.CharField(
        label="Availability", max_length=300,
        help_text="Hours a week you can give, and your time zone.",
    )  # fmt: skip
    links = forms.CharField(
        label="Links", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="GitHub, portfolio, LinkedIn: one per line.",
    )  # fmt: skip

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        if len(cohorts) == 1:
            self.fields["cohort"].initial = cohorts[0]
        elif any(c.enrolment_mode == Cohort.Mode.OPEN for c in cohorts):
            # Several cohorts, some open: leave it blank to be placed automatically.
            self.fields["cohort"].required = False
            self.fields[
                "cohort"
            ].empty_label = "Place me in the open cohort with a free seat that starts soonest"
            self.fields["cohort"].help_text = "Or choose a cohort yourself."

    def clean_links(self) -> str:
        return clean_links(self.cleaned_data["links"])

    def to_data(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            motivation=data["motivation"], availability=data["availability"], links=data["links"]
        )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision", choices=[("accept", "Accept"), ("waitlist", "Waiting list"), ("reject", "Reject")]
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label="Seats", min_value=0, max_value=10_000)


class MentorForm(forms.Form):
    handle = forms.CharField(label="Member handle", max_length=40)
    on = forms.TypedChoiceField(choices=[("1", "Add"), ("0", "Remove")], coerce=lambda v: v == "1")


class SubmissionForm(forms.Form):
    link = forms.URLField(label="Link to your work", max_length=500, required=False, assume_scheme="https")
    text = forms.CharField(
        label="Your answer", required=False, max_length=20_000, widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Markdown.",
    )  # fmt: skip
    file = forms.FileField(
        label="File", required=False, help_text="PDF or Word (.docx), 10 MB at most.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,application/pdf," + DOCX_TYPE}),
    )  # fmt: skip

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.mission = mission
        keep = {"link": "link", "text": "text", "file": "file"}[mission.deliverable]
        for name in list(self.fields):
            if name != keep:
                del self.fields[name]
        self.fields[keep].required = True
        self.file_kind = ""

    def clean_link(self) -> str:
        link = self.cleaned_data["link"]
        if link and not link.lower().startswith(("http://", "https://")):
            raise ValidationError("Give a web address starting with http:// or https://.")
        return link

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name or ""
        if _HOSTILE_NAME.search(name) or len(name) > 200:
            raise ValidationError(
                "Rename the file to plain letters and numbers (no folders, quotes or < >) and upload it again.",
                code="bad_name",
            )
        # The same check as a CV: judged by its bytes, never by its name or declared type.
        self.file_kind = validate_document_upload(
            upload, max_bytes=settings.PROGRAMS_FILE_MAX_BYTES, kinds={"pdf", "docx"}
        )
        return upload

    def to_data(self) -> SubmissionData:
        data = self.cleaned_data
        upload = data.get("file")
        return SubmissionData(
            link=data.get("link", ""), text=data.get("text", ""), file=upload, file_kind=self.file_kind,
            file_name=safe_download_name(original=upload.name or "", kind=self.file_kind) if upload else "",
        )  # fmt: skip


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Comment", max_length=10_000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Markdown. Say what works and what to change.",
    )  # fmt: skip
    verdict = forms.ChoiceField(label="Verdict", choices=Review.Verdict.choices, widget=forms.RadioSelect)

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = mission.rubric
        for index, criterion in enumerate(mission.rubric):
            self.fields[f"score_{index}"] = forms.TypedChoiceField(
                label=criterion["name"], coerce=int, widget=forms.RadioSelect,
                choices=[(n, f"{level['label']} ({level['points']} points)") for n, level in enumerate(criterion["levels"])],
            )  # fmt: skip
        self.order_fields([f"score_{i}" for i in range(len(mission.rubric))] + ["comment", "verdict"])

    def scores(self) -> list[int]:
        return [self.cleaned_data[f"score_{i}"] for i in range(len(self.criteria))]


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        label="Why you pass it on", min_length=10, max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For instance: I know the learner personally; it needs a skill I lack. 10 to 500 characters.",
    )  # fmt: skip


class MissionForm(forms.Form):
    title = forms.CharField(max_length=150)
    brief = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), max_length=20_000, help_text="Markdown."
    )
    due_at = forms.DateTimeField(
        label="Due", widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    deliverable = forms.ChoiceField(label="What learners hand in", choices=Mission.Deliverable.choices)
    rubric = forms.CharField(
        label="Rubric", widget=forms.Textarea(attrs={"rows": 5}), max_length=5000,
        help_text="One criterion a line: “Criterion: Level = points; Level = points”. Frozen once published.",
    )  # fmt: skip

    def __init__(self, *args, frozen: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if frozen:
            # Shown, never taken from the request: a published mission keeps its rubric.
            for name in ("rubric", "deliverable"):
                self.fields[name].disabled = True
            self.fields["rubric"].help_text = "Frozen: the mission is published."

    def clean_rubric(self) -> list[dict]:
        return rubric_parse(self.cleaned_data["rubric"])


class AnnouncementForm(forms.Form):
    title = forms.CharField(max_length=150)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000, help_text="Markdown.")


class QuoteForm(forms.Form):
    quote = forms.CharField(
        label="A sentence about the program", required=False, max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    shared = forms.BooleanField(
        label="Sponsors may show this sentence, without my name", required=False,
    )  # fmt: skip


DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgramForm(forms.ModelForm):
    """What a director sets on a program (everything the admin has but the creation time)."""

    courses = forms.ModelMultipleChoiceField(
        queryset=Course.objects.order_by("title"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Courses learners complete beside the missions.",
    )  # fmt: skip

    class Meta:
        model = Program
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "track",
            "organization",
            "courses",
            "is_published",
        ]
        labels = {"slug": "Address", "is_published": "Published (shown on /programs/)"}
        help_texts = {"slug": "Lower-case letters, numbers and hyphens: /programs/<address>/.",
                      "description": "Markdown."}  # fmt: skip
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        # Published courses, and any the program already has.
        chosen = self.instance.courses.all() if self.instance.pk else Course.objects.none()
        self.fields["courses"].queryset = Course.objects.filter(
            Q(published=True) | Q(pk__in=chosen.values("pk"))
        ).order_by("title")
        self.fields["organization"].queryset = organizations
        self.fields["organization"].required = True
        self.fields["organization"].empty_label = None
        self.fields["description"].validators.append(_max_length(20_000))


def _max_length(limit: int):
    def check(value: str) -> None:
        if len(value) > limit:
            raise ValidationError(f"Keep it under {limit:,} characters.")

    return check


class CohortForm(forms.ModelForm):
    """What a director sets on a cohort. Mentors are set by handle on the review page."""

    class Meta:
        model = Cohort
        fields = ["name", "starts_on", "ends_on", "capacity", "applications_open_at",
                  "applications_close_at", "enrolment_mode", "time_zone", "sponsors"]  # fmt: skip
        labels = {"starts_on": "Starts", "ends_on": "Ends", "capacity": "Seats",
                  "applications_open_at": "Applications open", "applications_close_at": "Applications close"}  # fmt: skip
        widgets = {"starts_on": DATE_INPUT, "ends_on": DATE_INPUT, "applications_open_at": DATETIME_INPUT,
                   "applications_close_at": DATETIME_INPUT, "sponsors": forms.CheckboxSelectMultiple}  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["capacity"].max_value = 10_000
        self.fields["capacity"].widget.attrs["max"] = 10_000
        self.fields["sponsors"].queryset = Organization.objects.order_by("name")
        self.fields["sponsors"].required = False

    def clean_capacity(self) -> int:
        capacity = self.cleaned_data["capacity"]
        if capacity > 10_000:
            raise ValidationError("Give at most 10,000 seats.")
        return capacity

    def clean_time_zone(self) -> str:
        name = self.cleaned_data["time_zone"].strip()
        if name not in zoneinfo.available_timezones():
            raise ValidationError("Give a time zone like Africa/Lagos or Europe/London.")
        return name

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The cohort cannot end before it starts.")
        opens, closes = data.get("applications_open_at"), data.get("applications_close_at")
        if opens and closes and closes <= opens:
            self.add_error("applications_close_at", "Applications must close after they open.")
        return data


class ScheduleItemForm(forms.ModelForm):
    class Meta:
        model = ScheduleItem
        fields = ["title", "starts_at", "minutes", "where"]
        labels = {"starts_at": "Starts", "minutes": "Length (minutes)"}
        widgets = {"starts_at": DATETIME_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].min_value = 5
        self.fields["minutes"].max_value = 24 * 60

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if not 5 <= minutes <= 24 * 60:
            raise ValidationError("Give a length from 5 minutes to 24 hours.")
        return minutes

    def clean_where(self) -> str:
        where = self.cleaned_data["where"].strip()
        if "://" in where and not where.lower().startswith(("http://", "https://")):
            raise ValidationError("A call link must start with http:// or https://.")
        return where
