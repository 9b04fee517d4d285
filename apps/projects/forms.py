from __future__ import annotations

from django import forms
from django.conf import settings

from apps.core.uploads import PROJECT_COVER, validate_image_upload
from apps.projects.models import Project
from apps.projects.selectors import SORTS


class ProjectForm(forms.ModelForm):
    technologies_text = forms.CharField(
        label="Technologies",
        required=False,
        max_length=500,
        help_text="Separate with commas, e.g. Python, Django, HTMX.",
    )
    image_upload = forms.FileField(
        label="Cover image",
        required=False,
        help_text="JPEG, PNG, WebP or GIF, up to 2 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"}),
    )

    class Meta:
        model = Project
        fields = ["title", "summary", "category", "description", "repository_url", "demo_url"]
        help_texts = {"description": "Markdown works here.", "summary": "One line for the project card."}
        widgets = {"description": forms.Textarea(attrs={"rows": 10})}

    def clean_image_upload(self):
        upload = self.cleaned_data.get("image_upload")
        if not upload:
            return None
        return validate_image_upload(upload, max_bytes=settings.PROJECTS_IMAGE_MAX_BYTES, kind=PROJECT_COVER)

    def clean_technologies_text(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data.get("technologies_text", "").split(",") if n.strip()]
        if any(len(n) > 50 for n in names):
            raise forms.ValidationError("Each technology name can be at most 50 characters.")
        return names


class CollaboratorForm(forms.Form):
    handle = forms.CharField(label="Member handle", max_length=31, help_text="For example @ada_dev.")


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "All categories"), *Project.Category.choices]
    )
    tech = forms.CharField(label="Technology", required=False, max_length=50)
    sort = forms.ChoiceField(
        label="Sort by",
        required=False,
        choices=[("new", "Newest"), ("liked", "Most liked"), ("featured", "Featured")],
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"sort": "new"}
        data = self.cleaned_data
        sort = data.get("sort") if data.get("sort") in SORTS else "new"
        return {
            "q": data["q"].strip(),
            "category": data["category"],
            "technology": data["tech"].strip().casefold(),
            "sort": sort,
        }
