from __future__ import annotations

import re

from django import forms

from apps.community.models import Report, tag_validator
from apps.community.services import MAX_TAGS, PostData, tag_normalise

POST_BODY_MAX = 40_000
COMMENT_BODY_MAX = 10_000


class PostForm(forms.Form):
    title = forms.CharField(
        max_length=200, required=False, help_text="Optional for short posts.", widget=forms.TextInput()
    )
    body = forms.CharField(
        max_length=POST_BODY_MAX,
        label="Post",
        error_messages={"required": "Write something first."},
        help_text="Markdown. Fence code with ``` and a language (```python) to highlight it.",
        widget=forms.Textarea(attrs={"rows": 14}),
    )
    tags = forms.CharField(
        max_length=200,
        required=False,
        help_text=f"Up to {MAX_TAGS}, separated by commas or spaces: python, django.",
    )

    def clean_tags(self) -> list[str]:
        raw = self.cleaned_data["tags"]
        names: list[str] = []
        for token in re.split(r"[,\s]+", raw):
            name = tag_normalise(token)
            if name and name not in names:
                tag_validator(name)
                names.append(name)
        if len(names) > MAX_TAGS:
            raise forms.ValidationError(f"Use at most {MAX_TAGS} tags.")
        return names

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if not body.strip():
            raise forms.ValidationError("Write something first.")
        return body

    def to_data(self, *, publish: bool) -> PostData:
        d = self.cleaned_data
        return PostData(title=d["title"], body=d["body"], tags=d["tags"], publish=publish)


class PreviewForm(forms.Form):
    body = forms.CharField(max_length=POST_BODY_MAX, required=False)


class CommentForm(forms.Form):
    body = forms.CharField(
        max_length=COMMENT_BODY_MAX,
        label="Comment",
        error_messages={"required": "Write a comment first."},
        help_text="Markdown works here too; @handle mentions a member.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput())

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].replace("\r\n", "\n")
        if not body.strip():
            raise forms.ValidationError("Write a comment first.")
        return body


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=Report.Reason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text="Optional."
    )


class ModerationForm(forms.Form):
    note = forms.CharField(max_length=300, required=False, label="Note to the member (optional)")
