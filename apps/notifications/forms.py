from __future__ import annotations

from django import forms

from apps.notifications.models import Channel
from apps.notifications.services import KINDS


class PreferencesForm(forms.Form):
    """One channel choice per kind, plus the weekly digest (off by default)."""

    weekly_digest = forms.BooleanField(
        required=False,
        label="Weekly digest",
        help_text="An email every Monday with the top posts from the tags you follow.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in KINDS.items():
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label, choices=Channel.choices, widget=forms.RadioSelect, initial=Channel.IN_APP
            )
        # The digest reads best after the per-kind choices.
        self.order_fields([f"kind_{kind}" for kind in KINDS] + ["weekly_digest"])

    def channels(self) -> dict[str, str]:
        return {kind: self.cleaned_data[f"kind_{kind}"] for kind in KINDS}
