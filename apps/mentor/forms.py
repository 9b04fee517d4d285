"""Input validation: one form per API endpoint (strict about JSON types and unknown fields)
and the forms of the /mentor/ pages."""

from __future__ import annotations

import re
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

# The text rules of the API, shared with its OpenAPI document so the two cannot drift apart.
# A "visible" character is one that no regex flavour calls whitespace: Python's \s also covers
# \x1c-\x1f and \x85, JavaScript's also covers \ufeff, so they are excluded by name. PostgreSQL
# cannot store NUL, so no text may hold one.
VISIBLE_CHAR = r"[^\s\x00\x1c-\x1f\x85\ufeff]"
TEXT_PATTERN = rf"^[^\x00]*{VISIBLE_CHAR}[^\x00]*$"
NO_NUL_PATTERN = r"^[^\x00]*$"
_VISIBLE = re.compile(VISIBLE_CHAR)

_TYPE_NAMES = {str: "a string", int: "an integer", bool: "true or false", dict: "an object"}


def _json_value(value: Any, expected: type) -> tuple[bool, Any]:
    """(matches, value) for a decoded JSON value. JSON Schema counts any number with a zero
    fractional part as an integer, so `7.0` and `7e0` are the integer 7; true and false are
    not integers even though Python's bool is one."""
    if expected is int:
        if isinstance(value, bool):
            return False, value
        if isinstance(value, float) and value.is_integer():
            return True, int(value)
        return isinstance(value, int), value
    return isinstance(value, expected), value


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
                continue
            if value is None:
                continue
            matches, value = _json_value(value, self.json_types[key])
            if not matches:
                self.structure_errors[key] = [f"Expected {_TYPE_NAMES[self.json_types[key]]}."]
            elif isinstance(value, str) and not _encodable(value):
                self.structure_errors[key] = ["Contains characters that are not valid text."]
            else:
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


class JsonTextField(forms.CharField):
    """A JSON string held to the rules its schema states: the length counts what was sent
    (stripping comes after, so a schema validator and the server agree on `maxLength`), NUL
    is refused, and a required text needs one visible character (TEXT_PATTERN)."""

    def __init__(self, *, strip_result: bool = True, blank_message: str = "", **kwargs: Any) -> None:
        super().__init__(strip=False, **kwargs)
        self.strip_result = strip_result
        self.blank_message = blank_message or "Write something."

    def clean(self, value: Any) -> str:
        value = super().clean(value)
        if self.required and not _VISIBLE.search(value):
            raise forms.ValidationError(self.blank_message, code="blank")
        return value.strip() if self.strip_result else value


class ContextField(forms.Field):
    """`{"type": "hackathon", "id": 4}` → ("hackathon", 4). Only a missing context (or
    `null`, dropped before this) means none: `{}` is an incomplete object, not an empty one."""

    def clean(self, value: Any) -> tuple[str, int] | None:
        if value is None:
            if self.required:
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return None
        unknown = set(value) - {"type", "id"}
        if unknown:
            raise forms.ValidationError(f"Unknown keys: {', '.join(sorted(map(str, unknown)))}.")
        kind = value.get("type")
        is_int, pk = _json_value(value.get("id"), int)
        if kind not in ContextType.values:
            raise forms.ValidationError(f"type must be one of {', '.join(ContextType.values)}.")
        if not is_int or not 1 <= pk <= MAX_ID:
            raise forms.ValidationError(f"id must be an integer from 1 to {MAX_ID}.")
        return kind, pk


class ChatForm(JsonForm):
    json_types = {"message": str, "conversation_id": int, "context": dict}
    message = JsonTextField(max_length=MESSAGE_MAX, blank_message="Write a message.")
    conversation_id = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    context = ContextField(required=False)


class ConversationUpdateForm(JsonForm):
    json_types = {"title": str}
    title = JsonTextField(max_length=TITLE_MAX, blank_message="Write a title.")


class CodeForm(JsonForm):
    json_types = {"code": str, "language": str}
    code = JsonTextField(max_length=CODE_MAX, strip_result=False, blank_message="Paste some code.")
    language = forms.ChoiceField(choices=LANGUAGES)


class FeedbackForm(JsonForm):
    json_types = {"interaction_id": int, "helpful": bool, "comment": str}
    interaction_id = forms.IntegerField(min_value=1, max_value=MAX_ID)
    helpful = forms.Field()  # a JSON boolean, checked above; False is a valid answer
    comment = JsonTextField(max_length=COMMENT_MAX, required=False)


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
