"""The staff pages' forms: decisions, filters, check-in and exports."""

from __future__ import annotations

from django import forms

from apps.events.models import Status


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[(Status.APPROVED, "Approve"), (Status.REJECTED, "Reject")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Note to the applicant (optional)",
    )


class StaffFilterForm(forms.Form):
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Status.choices])
    q = forms.CharField(required=False, max_length=100, label="Search")


class CheckInForm(forms.Form):
    code = forms.CharField(
        max_length=64,
        label="Ticket code",
        widget=forms.TextInput(
            attrs={
                "class": "input font-mono text-lg uppercase",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "autofocus": True,
                "data-check-in-code": "",
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=[("csv", "CSV"), ("xlsx", "XLSX")])
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Status.choices])
    q = forms.CharField(required=False, max_length=100)
