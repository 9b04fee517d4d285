from __future__ import annotations

import re

from django import forms
from django.conf import settings

from apps.core.uploads import PROJECT_COVER, validate_image_upload
from apps.learning.models import Course, Difficulty, Exercise, Lesson, Module

# The career tracks agreed with the careers app (apps/careers/tracks.py): learning stores the
# slugs and does not import careers.
TRACKS = [
    ("builders", "Builders"),
    ("leaders", "Leaders"),
    ("entrepreneurs", "Entrepreneurs"),
    ("researchers", "Researchers"),
    ("educators", "Educators"),
]
TRACK_NAMES = dict(TRACKS)


class CourseFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=100)
    category = forms.ChoiceField(
        label="Category", required=False, choices=[("", "All categories"), *Course.Category.choices]
    )
    difficulty = forms.ChoiceField(
        label="Level", required=False, choices=[("", "All levels"), *Difficulty.choices]
    )
    track = forms.ChoiceField(label="Career track", required=False, choices=[("", "All tracks"), *TRACKS])

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {
            name: (self.cleaned_data.get(name) or "").strip()
            for name in ("q", "category", "difficulty", "track")
        }


class SubmitForm(forms.Form):
    code = forms.CharField(
        label="Your code",
        strip=False,
        max_length=20_000,
        widget=forms.Textarea(
            attrs={"rows": 16, "spellcheck": "false", "autocapitalize": "off", "autocomplete": "off"}
        ),
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label="Why is it revoked?", max_length=300)


class CourseForm(forms.ModelForm):
    tracks = forms.MultipleChoiceField(
        label="Career tracks", required=False, choices=TRACKS, widget=forms.CheckboxSelectMultiple
    )
    thumbnail_upload = forms.ImageField(
        label="Thumbnail",
        required=False,
        help_text="A JPEG, PNG or WebP picture; it is shown at 1200 by 800 pixels at most.",
    )

    def clean_thumbnail_upload(self):
        upload = self.cleaned_data.get("thumbnail_upload")
        if not upload:
            return None
        return validate_image_upload(
            upload, max_bytes=settings.LEARNING_THUMBNAIL_MAX_BYTES, kind=PROJECT_COVER
        )

    class Meta:
        model = Course
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "category",
            "difficulty",
            "estimated_minutes",
            "tracks",
            "published",
        ]
        help_texts = {"slug": "Part of the course's address: lower-case letters, digits and hyphens."}


class ModuleForm(forms.ModelForm):
    class Meta:
        model = Module
        fields = ["title", "slug", "summary", "position"]


class LessonForm(forms.ModelForm):
    class Meta:
        model = Lesson
        fields = ["title", "slug", "body", "video_url", "estimated_minutes", "position", "required"]


class ExerciseForm(forms.ModelForm):
    instructions = forms.CharField(widget=forms.Textarea, help_text="Markdown.")
    starter_code = forms.CharField(widget=forms.Textarea, required=False, strip=False)
    visible_tests = forms.CharField(
        widget=forms.Textarea, strip=False, help_text="A module of test_ functions."
    )
    hidden_tests = forms.CharField(widget=forms.Textarea, required=False, strip=False)
    solution = forms.CharField(widget=forms.Textarea, strip=False, help_text="Never shown to learners.")
    hints = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="One hint per line, shown when that test fails: test_name: the hint (Markdown).",
    )

    def clean_hints(self) -> list[dict[str, str]]:
        hints = []
        for number, line in enumerate(self.cleaned_data.get("hints", "").splitlines(), start=1):
            if not line.strip():
                continue
            test, sep, text = line.partition(":")
            test = test.strip()
            if not sep or not re.fullmatch(r"test_\w{1,80}", test) or not text.strip():
                raise forms.ValidationError(f"Line {number}: write it as “test_name: the hint”.")
            hints.append({"test": test, "hint": text.strip()})
        return hints

    class Meta:
        model = Exercise
        fields = ["title", "slug", "difficulty", "position", "required"]
