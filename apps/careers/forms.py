from __future__ import annotations

from django import forms

from apps.careers.models import Item

LIKERT_OPTIONS = [
    (1, "Strongly disagree"),
    (2, "Disagree"),
    (3, "Neither"),
    (4, "Agree"),
    (5, "Strongly agree"),
]
MOVES = ("back", "next", "finish", "save")


class RadioGroup(forms.RadioSelect):
    """Radios whose group is labelled by its <legend>: an error in the summary links to the
    first option, so a keyboard lands inside the question."""

    def id_for_label(self, id_: str, index: str | None = None) -> str:
        return f"{id_}_0" if id_ and index is None else super().id_for_label(id_, index)


def field_name(item: Item) -> str:
    return f"item-{item.key}"


class QuizPageForm(forms.Form):
    """The answers on one page of the quiz: a radio group per item, none required until the
    member moves on (going back or saving keeps a half-answered page)."""

    move = forms.ChoiceField(choices=[(m, m) for m in MOVES], required=False)

    def __init__(self, *args, items: list[Item], answers: dict[int, int] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        answers = answers or {}
        for item in items:
            if item.kind == Item.Kind.CHOICE:
                choices = [(1, item.text), (2, item.other_text)]
                # The error summary names the question by its two options.
                label = f"Which would you rather do: {item.text} or {item.other_text}?"
            else:
                choices = LIKERT_OPTIONS
                label = item.text
            self.fields[field_name(item)] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int, required=False, widget=RadioGroup
            )
            if item.pk in answers:
                self.initial[field_name(item)] = answers[item.pk]

    def rows(self) -> list[tuple[Item, forms.BoundField]]:
        return [(item, self[field_name(item)]) for item in self.items]

    def answered(self) -> dict[str, int]:
        """{item key: answer} for the items answered on this page."""
        return {
            item.key: self.cleaned_data[field_name(item)]
            for item in self.items
            if self.cleaned_data.get(field_name(item)) not in (None, "")
        }

    def require_all(self) -> bool:
        """Mark each unanswered item; True when every item on the page has an answer."""
        complete = True
        for item in self.items:
            if self.cleaned_data.get(field_name(item)) in (None, ""):
                self.add_error(field_name(item), "Choose an answer.")
                complete = False
        return complete


class ShareForm(forms.Form):
    on = forms.TypedChoiceField(choices=[("1", "show"), ("0", "hide")], coerce=lambda v: v == "1")
