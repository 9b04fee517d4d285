"""The four public OTEI forms, the "edit my details" forms and the staff forms.

`base` holds what the public forms share (honeypot, fill time, reCAPTCHA, phones in E.164,
a cap on links); each form lives beside its kind; `staff` holds the staff pages' forms.
"""

from __future__ import annotations

from apps.events.forms.applications import (
    ExhibitorApplicationForm,
    SponsorApplicationForm,
    VolunteerApplicationForm,
)
from apps.events.forms.base import PublicSubmissionForm, edit_form_class, started_token
from apps.events.forms.registration import RegistrationForm
from apps.events.forms.staff import CheckInForm, DecisionForm, ExportForm, StaffFilterForm

FORM_CLASSES: dict[str, type[PublicSubmissionForm]] = {
    "registration": RegistrationForm,
    "sponsor": SponsorApplicationForm,
    "exhibitor": ExhibitorApplicationForm,
    "volunteer": VolunteerApplicationForm,
}

__all__ = [
    "FORM_CLASSES",
    "CheckInForm",
    "DecisionForm",
    "ExhibitorApplicationForm",
    "ExportForm",
    "PublicSubmissionForm",
    "RegistrationForm",
    "SponsorApplicationForm",
    "StaffFilterForm",
    "VolunteerApplicationForm",
    "edit_form_class",
    "started_token",
]
