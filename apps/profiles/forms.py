from __future__ import annotations

from django import forms
from django.conf import settings
from django.forms import formset_factory

from apps.core.uploads import AVATAR, validate_image_upload
from apps.profiles.models import Profile

MAX_TIMELINE_ROWS = 30


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    avatar_upload = forms.FileField(
        label="Profile photo",
        required=False,
        help_text="JPEG, PNG, WebP or GIF, up to 2 MB. We crop it to a square.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )
    remove_avatar = forms.BooleanField(label="Remove my photo", required=False)
    new_skills = forms.CharField(
        label="Add skills",
        required=False,
        max_length=500,
        help_text="Type to search; separate several with commas.",
    )

    class Meta:
        model = Profile
        fields = [
            "headline",
            "bio",
            "goals",
            "location",
            "experience_level",
            "open_to_work",
            "github_url",
            "linkedin_url",
            "portfolio_url",
            "website_url",
            "x_url",
            "phone",
            "links_visibility",
            "experience_visibility",
            "education_visibility",
        ]
        labels = {
            "bio": "Bio",
            "goals": "Your goals",
            "open_to_work": "Open to work",
            "phone": "Phone (never shown on your profile)",
            "links_visibility": "Who sees your links",
            "experience_visibility": "Who sees your experience",
            "education_visibility": "Who sees your education",
        }
        help_texts = {
            "bio": "Markdown works here.",
            "goals": "What you are working towards, in a sentence or two (up to 200 characters). "
            "Only you see it.",
        }
        widgets = {"bio": forms.Textarea(attrs={"rows": 5}), "goals": forms.Textarea(attrs={"rows": 2})}

    def clean_avatar_upload(self):
        upload = self.cleaned_data.get("avatar_upload")
        if not upload:
            return None
        return validate_image_upload(upload, max_bytes=settings.PROFILES_AVATAR_MAX_BYTES, kind=AVATAR)

    def clean_new_skills(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data.get("new_skills", "").split(",") if name.strip()]


class _TimelineForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    start_date = forms.DateField(
        label="Started", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end_date = forms.DateField(
        label="Ended", required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    is_current = forms.BooleanField(required=False)
    description = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        start, end, current = data.get("start_date"), data.get("end_date"), data.get("is_current")
        if current and end:
            self.add_error("end_date", "Leave the end date empty while this is current.")
        elif start and end and end < start:
            self.add_error("end_date", "The end date must be after the start date.")
        elif start and not end and not current:
            self.add_error("end_date", "Add an end date, or tick the current box.")
        return data


class ExperienceForm(_TimelineForm):
    field_order = ["id", "title", "company", "start_date", "end_date", "is_current", "description"]
    title = forms.CharField(label="Role", max_length=100)
    company = forms.CharField(max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_current"].label = "I work here now"


class EducationForm(_TimelineForm):
    field_order = ["id", "school", "degree", "start_date", "end_date", "is_current", "description"]
    school = forms.CharField(max_length=100)
    degree = forms.CharField(label="Degree or course", max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["is_current"].label = "I study here now"


ExperienceFormSet = formset_factory(
    ExperienceForm,
    extra=1,
    can_delete=True,
    max_num=MAX_TIMELINE_ROWS,
    validate_max=True,
    absolute_max=MAX_TIMELINE_ROWS,
)
EducationFormSet = formset_factory(
    EducationForm,
    extra=1,
    can_delete=True,
    max_num=MAX_TIMELINE_ROWS,
    validate_max=True,
    absolute_max=MAX_TIMELINE_ROWS,
)
