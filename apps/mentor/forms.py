"""Input validation: one form per API endpoint (strict about JSON types and unknown fields)
and the forms of the /mentor/ pages."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from apps.mentor.models import ContextType
from apps.mentor.services import MAX_ID

LANGUAGES = [
    ("python", "Python"),
    ("javascript", "JavaScript"),
    ("typescript", "TypeScript"),
    ("java", "Java"),
    ("c", "C"),
    ("cpp", "C++"),
    ("csharp", "C#"),
    ("go", "Go"),
    ("rust", "Rust"),
    ("php", "PHP"),
    ("ruby", "Ruby"),
    ("kotlin", "Kotlin"),
    ("swift", "Swift"),
    ("sql", "SQL"),
    ("html", "HTML"),
    ("css", "CSS"),
    ("shell", "Shell"),
]
MESSAGE_MAX = 4000
CODE_MAX = 15000
TITLE_MAX = 120
COMMENT_MAX = 1000

_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", dict: "an object"}


def _has_type(value: Any, expected: type) -> bool:
    if expected is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, expected)


class JsonForm(forms.Form):
    """A form fed with a decoded JSON body. Before Django's own validation it rejects what a
    browser form never sends: a body that is not an object, unknown fields, and values of the
    wrong JSON type (a number where a string belongs is an error, not coerced). `null` counts
    as absent."""

    json_types: ClassVar[dict[str, type]] = {}

    def __init__(self, payload: Any) -> None:
        self.structure_errors: dict[str, list[str]] = {}
        data: dict[str, Any] = {}
        if not isinstance(payload, dict):
            self.structure_errors["__all__"] = ["The request body must be a JSON object."]
            payload = {}
        for key, value in payload.items():
            if key not in self.base_fields:
                self.structure_errors[str(key)[:50]] = ["Unknown field."]
            elif value is not None and not _has_type(value, self.json_types[key]):
                self.structure_errors[key] = [f"Expected {_TYPE_NAMES[self.json_types[key]]}."]
            elif isinstance(value, str) and not _encodable(value):
                self.structure_errors[key] = ["Contains characters that are not valid text."]
            elif value is not None:
                data[key] = value
        super().__init__(data=data)

    def is_valid(self) -> bool:
        return super().is_valid() and not self.structure_errors

    def error_fields(self) -> dict[str, list[str]]:
        fields = {name: [str(m) for m in messages] for name, messages in self.errors.items()}
        for name, messages in self.structure_errors.items():
            fields[name] = messages
        return fields


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class ContextField(forms.Field):
    """`{"type": "hackathon", "id": 4}` → ("hackathon", 4)."""

    def clean(self, value: Any) -> tuple[str, int] | None:
        value = super().clean(value)
        if value in self.empty_values:
            return None
        unknown = set(value) - {"type", "id"}
        if unknown:
            raise forms.ValidationError(f"Unknown keys: {', '.join(sorted(map(str, unknown)))}.")
        kind, pk = value.get("type"), value.get("id")
        if kind not in ContextType.values:
            raise forms.ValidationError(f"type must be one of {', '.join(ContextType.values)}.")
        if not _has_type(pk, int) or not 1 <= pk <= MAX_ID:
            raise forms.ValidationError("id must be a positive integer.")
        return kind, pk


class ChatForm(JsonForm):
    json_types = {"message": str, "conversation_id": int, "context": dict}
    message = forms.CharField(max_length=MESSAGE_MAX)
    conversation_id = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    context = ContextField(required=False)


class ConversationUpdateForm(JsonForm):
    json_types = {"title": str}
    title = forms.CharField(max_length=TITLE_MAX)


class CodeForm(JsonForm):
    json_types = {"code": str, "language": str}
    code = forms.CharField(max_length=CODE_MAX, strip=False)
    language = forms.ChoiceField(choices=LANGUAGES)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not code.strip():
            raise forms.ValidationError("Paste some code.")
        return code


class FeedbackForm(JsonForm):
    json_types = {"interaction_id": int, "helpful": bool, "comment": str}
    interaction_id = forms.IntegerField(min_value=1, max_value=MAX_ID)
    helpful = forms.Field()  # a JSON boolean, checked above; False is a valid answer
    comment = forms.CharField(max_length=COMMENT_MAX, required=False)


# --- The /mentor/ pages ---------------------------------------------------------------------


class ChatPageForm(forms.Form):
    message = forms.CharField(
        label="Your question",
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "What are you working on? Where are you stuck?"}
        ),
    )
    conversation_id = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    context = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)

    def clean_context(self) -> tuple[str, int] | None:
        return parse_context_param(self.cleaned_data.get("context") or "")


class CodePageForm(forms.Form):
    language = forms.ChoiceField(label="Language", choices=LANGUAGES, initial="python")
    code = forms.CharField(
        label="Code",
        max_length=CODE_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false", "class": "font-mono"}),
    )
    action = forms.ChoiceField(choices=[("review", "Review"), ("explain", "Explain")], initial="review")

    def clean_code(self) -> str:
        code = self.cleaned_data["code"]
        if not code.strip():
            raise forms.ValidationError("Paste some code.")
        return code


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        max_length=60,
        help_text="Where you will use it, e.g. “my editor”.",
    )


def parse_context_param(value: str) -> tuple[str, int] | None:
    """ "hackathon:12" → ("hackathon", 12); anything else → None."""
    kind, _, raw = value.partition(":")
    if kind in ContextType.values and raw.isdigit() and 1 <= int(raw) <= MAX_ID:
        return kind, int(raw)
    return None
