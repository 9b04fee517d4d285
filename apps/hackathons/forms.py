from __future__ import annotations

import itertools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html

from apps.core.uploads import BANNER, reencode_within, validate_image_upload
from apps.hackathons.models import Criterion, Hackathon, Status, Track
from apps.hackathons.selectors import SORTS, ListFilters

BANNER_MAX_WIDTH = 1600
BANNER_MAX_HEIGHT = 800


def split_names(text: str) -> list[str]:
    """'Python, Django ,  htmx' -> ['Python', 'Django', 'htmx']"""
    return [part.strip() for part in (text or "").split(",") if part.strip()]


class SkillNamesField(forms.CharField):
    """A comma-separated list of skills or technologies."""

    def __init__(self, *, max_items: int = 15, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 600)
        kwargs.setdefault("help_text", "Separate with commas, e.g. Python, Django, Figma.")
        self.max_items = max_items
        super().__init__(**kwargs)

    def clean(self, value):
        names = split_names(super().clean(value))
        if len(names) > self.max_items:
            raise ValidationError(f"List at most {self.max_items}.")
        if any(len(name) > 50 for name in names):
            raise ValidationError("Each name can be at most 50 characters.")
        return names


class FilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Running and upcoming"), *Status.choices]
    )
    difficulty = forms.ChoiceField(
        label="Difficulty", required=False, choices=[("", "Any difficulty"), *Hackathon.Difficulty.choices]
    )
    mode = forms.ChoiceField(
        label="Mode", required=False, choices=[("", "Online or in person"), *Hackathon.Mode.choices]
    )
    technology = forms.CharField(label="Technology", required=False, max_length=50)
    sort = forms.ChoiceField(label="Sort by", required=False, choices=list(SORTS.items()))

    def __init__(self, *args, technologies: list[tuple[str, str]] | None = None, **kwargs):
        """`technologies` (key, name) fill the technology menu on the full page; an HTMX
        partial does not render the form, so it skips that query."""
        super().__init__(*args, **kwargs)
        self.technology_choices = [("", "Any technology"), *(technologies or [])]

    def filters(self) -> ListFilters:
        """The valid part of the query: a bad value (a stale link, a hand-edited URL) is
        dropped rather than answered with an error."""
        self.is_valid()
        names = ("q", "status", "difficulty", "mode", "technology", "sort")
        data = {name: self.cleaned_data.get(name) or "" for name in names}
        data["sort"] = data["sort"] or "soonest"
        return ListFilters(**data)


class JoinForm(forms.Form):
    skills = SkillNamesField(
        label="What you bring (optional)", help_text="Skills teams can match you on, separated by commas."
    )


class TeamForm(forms.Form):
    name = forms.CharField(label="Team name", max_length=60)
    description = forms.CharField(
        label="About the team", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    looking_for = SkillNamesField(label="Looking for (skills)", max_items=10)


class JoinCodeForm(forms.Form):
    code = forms.CharField(label="Join code", max_length=16)


class JoinRequestForm(forms.Form):
    message = forms.CharField(label="Message to the leader (optional)", max_length=300, required=False)


class SubmissionForm(forms.Form):
    title = forms.CharField(label="Project title", max_length=120)
    description = forms.CharField(
        label="Description",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text="Markdown.",
    )
    repository_url = forms.URLField(
        label="Repository URL", required=False, max_length=300, assume_scheme="https"
    )
    demo_url = forms.URLField(label="Demo URL", required=False, max_length=300, assume_scheme="https")
    video_url = forms.URLField(label="Video URL", required=False, max_length=300, assume_scheme="https")
    technologies = SkillNamesField(label="Technologies")
    track = forms.ModelChoiceField(
        label="Track", queryset=Track.objects.none(), required=False, empty_label="No track"
    )

    def __init__(self, *args, hackathon: Hackathon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = hackathon.tracks.all()
        if not hackathon.tracks.exists():
            del self.fields["track"]


class HackathonForm(forms.Form):
    title = forms.CharField(max_length=120)
    tagline = forms.CharField(max_length=200, required=False)
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}), max_length=50_000, help_text="Markdown."
    )
    rules = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=50_000, required=False, help_text="Markdown."
    )
    requirements = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), max_length=50_000, required=False, help_text="Markdown."
    )
    difficulty = forms.ChoiceField(choices=Hackathon.Difficulty.choices)
    mode = forms.ChoiceField(choices=Hackathon.Mode.choices)
    city = forms.CharField(max_length=80, required=False, help_text="For in-person hackathons.")
    technologies = SkillNamesField(label="Technologies")
    registration_opens_at = forms.DateTimeField(
        help_text=f"All times on this form are {settings.TIME_ZONE} time.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    registration_deadline = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    starts_at = forms.DateTimeField(
        label="Hacking starts",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    submission_deadline = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    judging_ends_at = forms.DateTimeField(
        label="Judging ends",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    max_participants = forms.IntegerField(
        min_value=1, max_value=100_000, required=False, help_text="Leave empty for no limit."
    )
    max_team_size = forms.IntegerField(min_value=1, max_value=20, initial=4)
    currency = forms.CharField(max_length=3, initial="NGN")
    banner = forms.FileField(
        required=False,
        help_text="JPEG, PNG, WebP or GIF, at most 5 MB; shown 1600x800 at most.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )

    def clean_banner(self):
        upload = self.cleaned_data.get("banner")
        if not upload:
            return None
        image = validate_image_upload(upload, max_bytes=settings.HACKATHON_BANNER_MAX_BYTES, kind=BANNER)
        return reencode_within(image, max_width=BANNER_MAX_WIDTH, max_height=BANNER_MAX_HEIGHT)

    def clean_currency(self):
        return self.cleaned_data["currency"].upper()

    def clean(self):
        data = super().clean()
        order = ["registration_opens_at", "starts_at", "submission_deadline", "judging_ends_at"]
        labels = {name: str(self.fields[name].label or name.replace("_", " ")) for name in order}
        dates = [(name, data.get(name)) for name in order]
        for (before, earlier), (after, later) in itertools.pairwise(dates):
            if earlier and later and later < earlier:
                self.add_error(after, f"This must be after “{labels[before]}”.")
        opens, deadline, closes = (
            data.get("registration_opens_at"),
            data.get("registration_deadline"),
            data.get("submission_deadline"),
        )
        if opens and deadline and deadline < opens:
            self.add_error("registration_deadline", "Registration must close after it opens.")
        if deadline and closes and deadline > closes:
            self.add_error("registration_deadline", "Registration must close by the submission deadline.")
        if data.get("starts_at") and closes and closes == data["starts_at"]:
            self.add_error("submission_deadline", "Hacking needs some time: move the deadline later.")
        if data.get("mode") == Hackathon.Mode.IN_PERSON and not data.get("city"):
            self.add_error("city", "Say where an in-person hackathon happens.")
        return data


class TrackForm(forms.Form):
    name = forms.CharField(label="Track name", max_length=80)
    description = forms.CharField(max_length=300, required=False)


class PrizeForm(forms.Form):
    title = forms.CharField(label="Prize", max_length=120)
    amount = forms.IntegerField(
        min_value=0, max_value=10**12, help_text="Whole units of the hackathon's currency."
    )
    track = forms.ModelChoiceField(queryset=Track.objects.none(), required=False, empty_label="Overall")
    description = forms.CharField(max_length=300, required=False)

    def __init__(self, *args, hackathon: Hackathon, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["track"].queryset = hackathon.tracks.all()


class CriterionForm(forms.Form):
    name = forms.CharField(label="Criterion", max_length=80)
    weight = forms.IntegerField(min_value=1, max_value=100, help_text="e.g. 30 for 30%.")
    description = forms.CharField(max_length=300, required=False)


class JudgeForm(forms.Form):
    handle = forms.CharField(label="Member handle", max_length=31, help_text="e.g. @ada")


class ScoreForm(forms.Form):
    """One 1-10 score and a comment per criterion."""

    def __init__(
        self, *args, criteria: list[Criterion], initial_scores: dict[int, tuple[int, str]], **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            value, comment = initial_scores.get(criterion.pk, (None, ""))
            # The organiser's words, escaped here as well as by our field template: any
            # renderer (Django's own marks help text safe) shows them as text, never markup.
            described = f"{criterion.description.strip()} " if criterion.description.strip() else ""
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=f"{criterion.name} (weight {criterion.weight})", min_value=1, max_value=10, initial=value,
                help_text=format_html("{}Score 1 (weak) to 10 (outstanding).", described),
                widget=forms.NumberInput(attrs={"min": 1, "max": 10}),
            )  # fmt: skip
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=f"Comment on {criterion.name.lower()}", required=False, max_length=2000, initial=comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    def values(self) -> dict[int, tuple[int, str]]:
        return {
            c.pk: (self.cleaned_data[f"score_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }
